using System.Net.Sockets;
using System.Security.Cryptography;
using Cairn.Storage;
using Cairn.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Support;

// Where the local Cosmos DB test server is (scripts/test starts it and sets CAIRN_TEST_COSMOS_ENDPOINT). CI always
// starts one, so its absence fails tests; CAIRN_SKIP_COSMOS=1 skips them visibly instead.
public static class CosmosTestServer
{
    public static string Endpoint
    {
        get
        {
            StoragePass.OwnStoreUsed("the Cosmos DB test server");
            return Environment.GetEnvironmentVariable("CAIRN_TEST_COSMOS_ENDPOINT") ?? "https://127.0.0.1:58081/";
        }
    }

    public static bool SkipRequested => Environment.GetEnvironmentVariable("CAIRN_SKIP_COSMOS") == "1";

    public const string SkipReason = "CAIRN_SKIP_COSMOS=1: the Cosmos DB tests were skipped on request.";

    // The test server accepts any well-formed key; a random one keeps real-looking secrets out of the repo.
    public static string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    public static string NewDatabaseName() => $"cairn_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";

    // The test server's connection settings, as for any emulator.
    public static CosmosClientOptions ClientOptions() => CosmosClientFactory.UseEmulator(new CosmosClientOptions());

    // Fits a test app to the test server when its settings choose Cosmos: the client settings above, and the expiry
    // check on writes the server's missing TTL needs. Nothing changes for an app on PostgreSQL.
    public static void AdaptApp(IServiceCollection services)
    {
        services.Configure<CosmosClientOptions>(options => CosmosClientFactory.UseEmulator(options));
        var chosen = services.Last(descriptor => descriptor.ServiceType == typeof(IDocumentStore));
        services.Remove(chosen);
        services.AddSingleton<IDocumentStore>(sp =>
        {
            var store = (IDocumentStore)chosen.ImplementationFactory!(sp);
            return store is CosmosDocumentStore ? new ExpiryCheckingDocumentStore(store) : store;
        });
    }

    // Null when the server answers; otherwise what to do about it.
    public static async Task<string?> UnreachableReasonAsync()
    {
        var endpoint = new Uri(Endpoint);
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            return null;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return $"No Cosmos DB test server answers at {endpoint}. Run scripts/test (it installs and starts one), or start it with " +
                "scripts/lib/cosmos.sh and set CAIRN_TEST_COSMOS_ENDPOINT; set CAIRN_SKIP_COSMOS=1 to skip these tests.";
        }
    }

    // Skips the calling test when asked to, fails it when the server is missing.
    public static async Task RequireAsync()
    {
        if (SkipRequested)
        {
            Assert.Skip(SkipReason);
        }
        if (await UnreachableReasonAsync() is { } reason)
        {
            Assert.Fail(reason);
        }
    }
}
