using System.Collections.ObjectModel;
using System.Net;
using Microsoft.Azure.Cosmos;

namespace Cairn.Storage.Cosmos;

// Creates the database and one container per logical container (partition key path /pk, TTL on with no default) if they
// are missing, and keeps each container's composite indexes in line with its sort fields. Serverless accounts take no
// throughput settings. With a managed identity (data-plane RBAC only) nothing can be created from here: infra must
// create them, and this then only reads them.
internal sealed class CosmosContainerSetup(CosmosClient client, ILogger<CosmosContainerSetup> logger)
{
    public async Task EnsureAsync(string databaseName, IEnumerable<ContainerDefinition> containers, CancellationToken cancellationToken)
    {
        try
        {
            Database database = await client.CreateDatabaseIfNotExistsAsync(databaseName, cancellationToken: cancellationToken);
            foreach (var definition in containers)
            {
                await EnsureContainerAsync(database, definition, cancellationToken);
            }
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException(
                $"Cosmos DB refused to create or update database '{databaseName}' or its containers: an identity with data-plane roles only cannot. " +
                "Declare them, with their composite indexes, in the infrastructure templates (see docs/storage.md), or use an account key.", exception);
        }
    }

    public static ContainerProperties Properties(ContainerDefinition definition)
    {
        var properties = new ContainerProperties(definition.Name, "/pk") { DefaultTimeToLive = -1 };
        foreach (var field in definition.SortFields)
        {
            // One index serves the query and its exact reverse, so ASC and DESC both use it.
            properties.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>
            {
                new() { Path = $"/data/{field}", Order = CompositePathSortOrder.Ascending },
                new() { Path = "/pk", Order = CompositePathSortOrder.Ascending },
                new() { Path = "/id", Order = CompositePathSortOrder.Ascending },
            });
        }
        return properties;
    }

    private async Task EnsureContainerAsync(Database database, ContainerDefinition definition, CancellationToken cancellationToken)
    {
        var wanted = Properties(definition);
        var response = await database.CreateContainerIfNotExistsAsync(wanted, cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            logger.LogInformation("Created Cosmos DB container {Container}", definition.Name);
            return;
        }
        var current = response.Resource;
        if (CompositePaths(current) != CompositePaths(wanted) || current.DefaultTimeToLive != wanted.DefaultTimeToLive)
        {
            current.IndexingPolicy.CompositeIndexes.Clear();
            foreach (var index in wanted.IndexingPolicy.CompositeIndexes)
            {
                current.IndexingPolicy.CompositeIndexes.Add(index);
            }
            current.DefaultTimeToLive = wanted.DefaultTimeToLive;
            await database.GetContainer(definition.Name).ReplaceContainerAsync(current, cancellationToken: cancellationToken);
            logger.LogInformation("Updated the indexing policy of Cosmos DB container {Container}", definition.Name);
        }
    }

    private static string CompositePaths(ContainerProperties properties) =>
        string.Join(';', properties.IndexingPolicy.CompositeIndexes.Select(index => string.Join(',', index.Select(p => $"{p.Path} {p.Order}"))));
}
