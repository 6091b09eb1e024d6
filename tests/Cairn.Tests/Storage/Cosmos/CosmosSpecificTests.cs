using System.Text.Json;
using Cairn.Storage;
using Cairn.Storage.Cosmos;
using Cairn.Tests.Support;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Storage.Cosmos;

// What only the Cosmos adapter has: the stored item shape Azure relies on, and giving up after throttling.
[Trait("Storage", "Own")]
public sealed class CosmosSpecificTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CosmosClient _client = null!;
    private readonly List<string> _databases = [];

    public async ValueTask InitializeAsync()
    {
        await CosmosTestServer.RequireAsync();
        _client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = CosmosTestServer.Endpoint, Key = CosmosTestServer.Key }, CosmosTestServer.ClientOptions());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _databases)
        {
            using var _ = await _client.GetDatabase(name).DeleteStreamAsync();
        }
        _client?.Dispose();
    }

    private async Task<Database> DatabaseAsync(string prefix = "cairn_test_")
    {
        var name = prefix + Guid.NewGuid().ToString("N");
        _databases.Add(name);
        await new CosmosContainerSetup(_client, NullLogger<CosmosContainerSetup>.Instance).EnsureAsync(name, ConformanceContainers.All, Ct);
        return _client.GetDatabase(name);
    }

    [Fact]
    public async Task AnItemWithATimeToLiveCarriesCosmosOwnTtlSoAzureDeletesIt()
    {
        var database = await DatabaseAsync();
        var clock = new FakeClock();
        var store = new CosmosDocumentStore(database, clock);

        await store.CreateAsync(ConformanceContainers.Main, "p", "a/b", new Thing("x"), new WriteOptions(TimeSpan.FromMinutes(90)), Ct);

        using var response = await database.GetContainer(ConformanceContainers.Main).ReadItemStreamAsync("a~2Fb", new PartitionKey("p"), cancellationToken: Ct);
        using var item = await JsonDocument.ParseAsync(response.Content, cancellationToken: Ct);
        var root = item.RootElement;
        Assert.Equal(("a~2Fb", "p", "x"), (root.GetProperty("id").GetString(), root.GetProperty("pk").GetString(), root.GetProperty("data").GetProperty("name").GetString()));
        Assert.Equal(5400, root.GetProperty("ttl").GetInt32());
        Assert.Equal((clock.GetUtcNow() + TimeSpan.FromMinutes(90)).ToUnixTimeSeconds(), root.GetProperty("expires_at").GetDouble());
        var container = await database.GetContainer(ConformanceContainers.Main).ReadContainerAsync(cancellationToken: Ct);
        Assert.Equal(-1, container.Resource.DefaultTimeToLive);
    }

    [Fact]
    public async Task ThrottlingThatOutlastsTheSdksRetriesIsStorageUnavailable()
    {
        // The launcher answers 429 to every item request in databases named throttled_*.
        var store = new CosmosDocumentStore(await DatabaseAsync("throttled_"), TimeProvider.System);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ReadAsync<Thing>(ConformanceContainers.Main, "p", "a", Ct));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.CreateAsync(ConformanceContainers.Main, "p", "a", new Thing("x"), null, Ct));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.QueryAsync<Thing>(new DocumentQuery(ConformanceContainers.Main) { PartitionKey = "p" }, Ct));
    }
}
