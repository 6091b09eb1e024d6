using System.Net.Sockets;
using System.Security.Cryptography;
using Cairn.Storage;
using Cairn.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Storage;

public sealed class CosmosDocumentStoreTests(CosmosDocumentStoreFixture fixture)
    : DocumentStoreConformance(fixture), IClassFixture<CosmosDocumentStoreFixture>;

/// <summary>
/// A database of its own on the local Cosmos DB test server that scripts/test starts (CAIRN_TEST_COSMOS_ENDPOINT).
/// No server is a failure, not a skip, because CI always starts one; CAIRN_SKIP_COSMOS=1 skips visibly instead.
/// </summary>
public sealed class CosmosDocumentStoreFixture : IDocumentStoreFixture, IAsyncLifetime
{
    public static string Endpoint => Environment.GetEnvironmentVariable("CAIRN_TEST_COSMOS_ENDPOINT") ?? "https://127.0.0.1:58081/";

    private static bool SkipRequested => Environment.GetEnvironmentVariable("CAIRN_SKIP_COSMOS") == "1";

    private readonly string _name = $"cairn_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
    private CosmosClient? _client;
    private Database? _database;
    private string? _failure;

    public async ValueTask InitializeAsync()
    {
        if (SkipRequested)
        {
            return;
        }
        var endpoint = new Uri(Endpoint);
        if (!await AnswersAsync(endpoint))
        {
            _failure = $"No Cosmos DB test server answers at {endpoint}. Run scripts/test (it installs and starts one), " +
                "or start it with scripts/lib/cosmos.sh and set CAIRN_TEST_COSMOS_ENDPOINT; set CAIRN_SKIP_COSMOS=1 to skip these tests.";
            return;
        }
        // The test server accepts any well-formed key; a random one keeps real-looking secrets out of the repo.
        var options = new CosmosOptions
        {
            Endpoint = endpoint.ToString(), Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), Database = _name, AllowInsecureTestServer = true,
        };
        _client = CosmosClientFactory.Create(options);
        await new CosmosContainerSetup(_client, NullLogger<CosmosContainerSetup>.Instance).EnsureAsync(_name, ConformanceContainers.All, CancellationToken.None);
        _database = _client.GetDatabase(_name);
    }

    public IDocumentStore CreateStore(TimeProvider clock)
    {
        if (SkipRequested)
        {
            Assert.Skip("CAIRN_SKIP_COSMOS=1: the Cosmos DB conformance tests were skipped on request.");
        }
        return _failure is not null
            ? throw new InvalidOperationException(_failure)
            : new CosmosDocumentStore(_database!, clock, checkExpiryBeforeWrites: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            using var _ = await _database.DeleteStreamAsync();
        }
        _client?.Dispose();
    }

    private static async Task<bool> AnswersAsync(Uri endpoint)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
