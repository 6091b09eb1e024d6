using Azure;
using Azure.Search.Documents.Indexes;
using Cairn.Search;
using Cairn.Search.AzureAISearch;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Search.AzureAISearch;

// The conformance suite on a real Azure AI Search service, each test in indexes of its own that are deleted after it.
// Runs when AZURE_SEARCH_ENDPOINT and AZURE_SEARCH_API_KEY are set; otherwise every test is skipped, visibly, saying
// so.
[Trait("Storage", "Own")]
public sealed class AzureAISearchIndexTests : SearchIndexConformanceTests
{
    public const string SkipReason =
        "No Azure AI Search service configured: set AZURE_SEARCH_ENDPOINT and AZURE_SEARCH_API_KEY to run the search conformance suite against it.";

    private readonly List<string> _indexNames = [];
    private SearchIndexClient? _client;

    // Hybrid results carry Azure's RRF score only; the service does not say what each arm thought.
    protected override bool ReportsArmScores => false;

    public override async ValueTask InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("AZURE_SEARCH_ENDPOINT");
        var key = Environment.GetEnvironmentVariable("AZURE_SEARCH_API_KEY");
        if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrWhiteSpace(key))
        {
            Assert.Skip(SkipReason);
        }
        _client = AzureSearchClients.Create(Settings(endpoint, key, "unused"), new Azure.Identity.DefaultAzureCredential());
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var name in _indexNames)
        {
            try
            {
                await _client!.DeleteIndexAsync(name);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Never created: the test failed before its index existed.
            }
        }
    }

    protected override async Task<ISearchIndex> CreateIndexAsync(SearchOptions options)
    {
        var name = $"cairn-test-{Guid.NewGuid():N}";
        _indexNames.Add(name);
        options.Provider = SearchProvider.AzureAISearch;
        options.Endpoint = _client!.Endpoint.ToString();
        options.ApiKey = Environment.GetEnvironmentVariable("AZURE_SEARCH_API_KEY");
        options.IndexName = name;
        await new AzureSearchSetup(_client, Microsoft.Extensions.Options.Options.Create(options), HashingEmbedder.Model, NullLogger<AzureSearchSetup>.Instance).EnsureIndexAsync(CancellationToken.None);
        var searchClient = _client.GetSearchClient(name);
        return new VisibleAfterWrites(new AzureAISearchIndex(searchClient, Microsoft.Extensions.Options.Options.Create(options), HashingEmbedder.Model), searchClient);
    }

    [Fact]
    public async Task AnotherEmbeddingModelIsRefusedAtStartUp()
    {
        var options = Settings(_client!.Endpoint.ToString(), Environment.GetEnvironmentVariable("AZURE_SEARCH_API_KEY"), _indexNames[0]);
        var other = new EmbeddingModelInfo("openai-compatible", "text-embedding-3-small", 1536);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new AzureSearchSetup(_client, Microsoft.Extensions.Options.Options.Create(options), other, NullLogger<AzureSearchSetup>.Instance).EnsureIndexAsync(CancellationToken.None));

        Assert.Contains("'text-embedding-3-small' (1536 dimensions", exception.Message, StringComparison.Ordinal);
        await new AzureSearchSetup(_client, Microsoft.Extensions.Options.Options.Create(options), HashingEmbedder.Model, NullLogger<AzureSearchSetup>.Instance).EnsureIndexAsync(CancellationToken.None);
    }

    private static SearchOptions Settings(string endpoint, string? key, string indexName) =>
        new() { Provider = SearchProvider.AzureAISearch, Endpoint = endpoint, ApiKey = key, IndexName = indexName };
}
