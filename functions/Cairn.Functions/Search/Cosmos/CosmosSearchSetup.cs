using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Cairn.Search.Cosmos;

// At start-up: creates the search container when it is missing and the credentials may (an account key; in Azure the
// Bicep creates it, since the app's data-plane role cannot), then refuses to start when it was built for other vectors.
public sealed class CosmosSearchSetup(Database database, IOptions<SearchOptions> options, EmbeddingModelInfo model, ILogger<CosmosSearchSetup> logger)
{
    public async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        var name = options.Value.CosmosContainer;
        ContainerProperties existing;
        try
        {
            existing = (await database.GetContainer(name).ReadContainerAsync(cancellationToken: cancellationToken)).Resource;
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            existing = await CreateAsync(name, cancellationToken);
        }
        if (CosmosSearchSchema.Mismatch(existing, model) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private async Task<ContainerProperties> CreateAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await database.Client.CreateDatabaseIfNotExistsAsync(database.Id, cancellationToken: cancellationToken);
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.Forbidden)
        {
            throw Refused(name, exception);
        }
        try
        {
            var response = await database.CreateContainerIfNotExistsAsync(
                CosmosSearchSchema.Build(name, model, options.Value.CosmosVectorIndex), cancellationToken: cancellationToken);
            logger.LogInformation("Created the Cosmos DB search container {Container} for the embedding model {Model} ({Dimensions} dimensions)", name, model.Model, model.Dimensions);
            return response.Resource;
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.Forbidden)
        {
            throw Refused(name, exception);
        }
    }

    private static InvalidOperationException Refused(string name, CosmosException exception) => new(
        $"The Cosmos DB search container '{name}' does not exist and this identity may not create it (data-plane roles only). " +
        "Deploy infra/main.bicep with searchProvider=cosmos, which creates it with its vector and full-text policies.", exception);
}
