using Cairn.Search;
using Cairn.Search.Cosmos;
using Cairn.Storage.Cosmos;
using Cairn.Tests.Support;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Search.Cosmos;

// The conformance suite on the Cosmos DB provider, each test in a container of its own (created by the app's own setup
// with its vector and full-text policies) that is deleted after it. Subclasses say where the account is.
public abstract class CosmosSearchConformanceTests : SearchIndexConformanceTests
{
    private readonly List<Container> _containers = [];
    private CosmosClient? _client;
    private Database? _database;

    // Cosmos DB returns neither BM25 nor RRF scores; hits are ranked, and a hybrid hit does not say what each arm
    // thought.
    protected override bool ReportsArmScores => false;

    // The account, or null after skipping the test (Assert.Skip) when there is none.
    protected abstract Task<CosmosOptions> AccountAsync();

    // Connection settings for the account: the SDK's defaults, or the test server's.
    protected virtual CosmosClientOptions? ClientOptions() => null;

    public override async ValueTask InitializeAsync()
    {
        var account = await AccountAsync();
        _client = CosmosClientFactory.Create(account, ClientOptions());
        _database = (await _client.CreateDatabaseIfNotExistsAsync(account.Database)).Database;
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
        return new CosmosSearchIndex(container, wrapped, HashingEmbedder.Model, NullLogger<CosmosSearchIndex>.Instance);
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

// On a real Cosmos DB for NoSQL account with vector and full-text search: runs when CAIRN_TEST_COSMOS_SEARCH_ENDPOINT
// and CAIRN_TEST_COSMOS_SEARCH_KEY are set; otherwise every test is skipped, visibly, saying so.
[Trait("Storage", "Own")]
public sealed class CosmosSearchIndexTests : CosmosSearchConformanceTests
{
    public const string SkipReason =
        "No Cosmos DB account with vector and full-text search configured: set CAIRN_TEST_COSMOS_SEARCH_ENDPOINT and CAIRN_TEST_COSMOS_SEARCH_KEY " +
        "to run the search conformance suite against the real service (CosmosTestServerSearchIndexTests runs it on the simulation).";

    protected override Task<CosmosOptions> AccountAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("CAIRN_TEST_COSMOS_SEARCH_ENDPOINT");
        var key = Environment.GetEnvironmentVariable("CAIRN_TEST_COSMOS_SEARCH_KEY");
        if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrWhiteSpace(key))
        {
            Assert.Skip(SkipReason);
        }
        return Task.FromResult(new CosmosOptions { Endpoint = endpoint, Key = key, Database = "cairn-search-tests" });
    }
}

// On the local Cosmos DB test server, whose launcher ranks Cairn's search queries by a simulation of FullTextScore,
// VectorDistance and RRF (tests/cosmos-server/search.js says exactly what): the SDK path, the query text, the filters,
// ids, upserts and deletes are real; the ranking functions are the simulation's.
[Trait("Storage", "Own")]
public sealed class CosmosTestServerSearchIndexTests : CosmosSearchConformanceTests
{
    protected override async Task<CosmosOptions> AccountAsync()
    {
        await CosmosTestServer.RequireAsync();
        return new CosmosOptions
        {
            Endpoint = CosmosTestServer.Endpoint,
            Key = CosmosTestServer.Key,
            Database = CosmosTestServer.NewDatabaseName(),
        };
    }

    protected override CosmosClientOptions? ClientOptions() => CosmosTestServer.ClientOptions();
}
