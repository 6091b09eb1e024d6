using Azure;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Microsoft.Extensions.Options;

namespace Cairn.Search.AzureAISearch;

// At start-up: creates the index when it is missing, and refuses to start when it exists for another embedding model
// (or with an older schema), as the PostgreSQL index does. Needs the 'Search Service Contributor' role in Azure.
public sealed class AzureSearchSetup(SearchIndexClient indexes, IOptions<SearchOptions> options, EmbeddingModelInfo model, ILogger<AzureSearchSetup> logger)
{
    public async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        var name = options.Value.IndexName;
        var existing = await GetAsync(name, cancellationToken);
        if (existing is null)
        {
            try
            {
                await indexes.CreateIndexAsync(AzureSearchSchema.Build(name, model), cancellationToken);
                logger.LogInformation("Created the Azure AI Search index {Index} for the embedding model {Model} ({Dimensions} dimensions)", name, model.Model, model.Dimensions);
                return;
            }
            catch (RequestFailedException exception) when (exception.Status is 400 or 409)
            {
                // Instances that start together race to create it; the loser checks the winner's index below.
                existing = await GetAsync(name, cancellationToken) ?? throw Translate(exception, name);
            }
        }
        if (AzureSearchSchema.Mismatch(existing, model) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private async Task<SearchIndex?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await indexes.GetIndexAsync(name, cancellationToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
        catch (Exception exception) when (AzureSearchErrors.Translate(exception, name) is { } translated)
        {
            throw translated;
        }
    }

    private static Exception Translate(RequestFailedException exception, string name) => AzureSearchErrors.Translate(exception, name) ?? exception;
}
