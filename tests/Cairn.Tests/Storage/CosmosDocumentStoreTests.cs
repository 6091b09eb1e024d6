using Cairn.Storage;
using Cairn.Storage.Cosmos;
using Cairn.Tests.Support;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Storage;

[Trait("Storage", "Own")]
public sealed class CosmosDocumentStoreTests(CosmosDocumentStoreFixture fixture)
    : DocumentStoreConformance(fixture), IClassFixture<CosmosDocumentStoreFixture>;

// A database of its own on the local Cosmos DB test server, shared by the suite's tests.
public sealed class CosmosDocumentStoreFixture : IDocumentStoreFixture, IAsyncLifetime
{
    private readonly string _name = CosmosTestServer.NewDatabaseName();
    private CosmosClient? _client;
    private Database? _database;
    private string? _failure;

    public async ValueTask InitializeAsync()
    {
        if (CosmosTestServer.SkipRequested || (_failure = await CosmosTestServer.UnreachableReasonAsync()) is not null)
        {
            return;
        }
        var options = new CosmosOptions { Endpoint = CosmosTestServer.Endpoint, Key = CosmosTestServer.Key, Database = _name };
        _client = CosmosClientFactory.Create(options, CosmosTestServer.ClientOptions());
        await new CosmosContainerSetup(_client, NullLogger<CosmosContainerSetup>.Instance).EnsureAsync(_name, ConformanceContainers.All, CancellationToken.None);
        _database = _client.GetDatabase(_name);
    }

    public IDocumentStore CreateStore(TimeProvider clock)
    {
        if (CosmosTestServer.SkipRequested)
        {
            Assert.Skip(CosmosTestServer.SkipReason);
        }
        return _failure is not null
            ? throw new InvalidOperationException(_failure)
            : new ExpiryCheckingDocumentStore(new CosmosDocumentStore(_database!, clock));
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            using var _ = await _database.DeleteStreamAsync();
        }
        _client?.Dispose();
    }
}
