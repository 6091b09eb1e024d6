using Cairn.Search;
using Cairn.Search.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Search.Cosmos;

/// <summary>
/// The conformance suite on a real Cosmos DB for NoSQL account with vector and full-text search enabled, each test in a container
/// of its own that is deleted after it. Runs when CAIRN_TEST_COSMOS_SEARCH_ENDPOINT and CAIRN_TEST_COSMOS_SEARCH_KEY are set;
/// otherwise every test is skipped, visibly, saying so (the local test server has no FullTextScore, VectorDistance or RRF).
/// </summary>
public sealed class CosmosSearchIndexTests : SearchIndexConformanceTests
{
    public const string SkipReason =
        "No Cosmos DB account with vector and full-text search configured: set CAIRN_TEST_COSMOS_SEARCH_ENDPOINT and CAIRN_TEST_COSMOS_SEARCH_KEY " +
        "to run the search conformance suite against it (the local Cosmos test server cannot rank).";

    private readonly List<Container> _containers = [];
    private CosmosClient? _client;
    private Database? _database;

    /// <summary>Cosmos DB returns neither BM25 nor RRF scores; hits are ranked, and a hybrid hit does not say what each arm thought.</summary>
    protected override bool ReportsArmScores => false;

    public override async ValueTask InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("CAIRN_TEST_COSMOS_SEARCH_ENDPOINT");
        var key = Environment.GetEnvironmentVariable("CAIRN_TEST_COSMOS_SEARCH_KEY");
        if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrWhiteSpace(key))
        {
            Assert.Skip(SkipReason);
        }
        _client = new CosmosClient(endpoint, key, new CosmosClientOptions
        {
            UseSystemTextJsonSerializerWithOptions = new System.Text.Json.JsonSerializerOptions(),
        });
        _database = (await _client.CreateDatabaseIfNotExistsAsync("cairn-search-tests")).Database;
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            try
            {
                await container.DeleteContainerAsync();
            }
            catch (CosmosException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Never created: the test failed before its container existed.
            }
        }
        _client?.Dispose();
    }

    protected override async Task<ISearchIndex> CreateIndexAsync(SearchOptions options)
    {
        options.Provider = SearchProvider.Cosmos;
        options.CosmosContainer = $"search-test-{Guid.NewGuid():N}";
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        await new CosmosSearchSetup(_database!, wrapped, HashingEmbedder.Model, NullLogger<CosmosSearchSetup>.Instance).EnsureContainerAsync(CancellationToken.None);
        var container = _database!.GetContainer(options.CosmosContainer);
        _containers.Add(container);
        return new CosmosSearchIndex(container, wrapped, HashingEmbedder.Model);
    }

    [Fact]
    public async Task AnotherEmbeddingModelIsRefusedAtStartUp()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SearchOptions { Provider = SearchProvider.Cosmos, CosmosContainer = _containers[0].Id });
        var other = new EmbeddingModelInfo("openai-compatible", "text-embedding-3-small", 1536);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new CosmosSearchSetup(_database!, options, other, NullLogger<CosmosSearchSetup>.Instance).EnsureContainerAsync(CancellationToken.None));

        Assert.Contains("'text-embedding-3-small' (1536 dimensions", exception.Message, StringComparison.Ordinal);
    }
}
