using System.Net;
using Cairn.Search.Cosmos;
using Cairn.Storage.Cosmos;
using Cairn.Tests.Support;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Search.Cosmos;

// The app with Cairn:Search:Provider = Cosmos on the local Cosmos DB test server: the container at start-up, search
// over HTTP.
public sealed class CosmosSearchAppTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly string _database = CosmosTestServer.NewDatabaseName();
    private CosmosClient? _client;

    public async ValueTask InitializeAsync()
    {
        await CosmosTestServer.RequireAsync();
        _client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = CosmosTestServer.Endpoint, Key = CosmosTestServer.Key }, CosmosTestServer.ClientOptions());
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.GetDatabase(_database).DeleteAsync();
            }
            catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                // The test never got as far as creating it.
            }
            _client.Dispose();
        }
    }

    [Fact]
    public async Task AnExperiencePublishedThroughTheApiIsFoundInTheCosmosSearchContainer()
    {
        await using var app = App();
        var (_, key, _) = await app.RegisterAsync();
        var marker = $"cosmos{Guid.NewGuid():N}"[..14];
        var created = await (await app.Client(key).PostJsonAsync("/api/v1/experiences", new { goal = $"Tune autovacuum on a busy queue table {marker}", outcome = "success" })).JsonAsync(HttpStatusCode.Created);
        var shortId = created.Str("short_id");
        await (await app.Client(key).PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);

        var found = await (await app.Client().PostJsonAsync("/api/v1/experiences/search", new { query = $"autovacuum queue table {marker}", limit = 5 })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(shortId, found["results"]!.AsArray()[0].Str("short_id"));
        // Created at start-up for the configured embedder's vectors.
        var container = (await _client!.GetDatabase(_database).GetContainer("search").ReadContainerAsync()).Resource;
        var dimensions = app.Services.GetRequiredService<Cairn.Search.EmbeddingModelInfo>().Dimensions;
        Assert.Equal(dimensions, Assert.Single(container.VectorEmbeddingPolicy.Embeddings).Dimensions);
    }

    [Fact]
    public async Task AContainerBuiltForOtherVectorsStopsStartUp()
    {
        var database = (await _client!.CreateDatabaseIfNotExistsAsync(_database)).Database;
        await database.CreateContainerAsync(CosmosSearchSchema.Build("search", HashingEmbedder.Model, CosmosVectorIndex.QuantizedFlat));
        await using var app = App();

        var exception = Assert.IsType<InvalidOperationException>(app.StartupFailure());

        Assert.Contains("holds 64-dimensional", exception.Message, StringComparison.Ordinal);
    }

    private CairnApp App() => new(fixture.Database, new Dictionary<string, string?>
    {
        ["Cairn:Search:Provider"] = "Cosmos",
        ["Cairn:Cosmos:Endpoint"] = CosmosTestServer.Endpoint,
        ["Cairn:Cosmos:Key"] = CosmosTestServer.Key,
        ["Cairn:Cosmos:Database"] = _database,
    });
}
