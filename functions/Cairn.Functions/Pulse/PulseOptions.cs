using System.ComponentModel.DataAnnotations;

namespace Cairn.Pulse;

public enum PulseProvider
{
    // The app's own WebSocket hub: one process, no cloud service (local runs and tests).
    Local,

    // Azure Web PubSub through its REST API; clients connect to the service after negotiating.
    AzureWebPubSub,
}

public sealed class PulseOptions
{
    public const string Section = "Cairn:Pulse";

    public PulseProvider Provider { get; set; } = PulseProvider.Local;

    // Web PubSub connection string Endpoint=https://…;AccessKey=…;Version=1.0;. Leave empty to use Endpoint with the
    // app's identity.
    public string? ConnectionString { get; set; }

    // Web PubSub endpoint (https://<name>.webpubsub.azure.com) reached with the app's managed identity.
    public string? Endpoint { get; set; }

    // The Web PubSub hub (isolates Cairn's connections on a shared service).
    public string Hub { get; set; } = "cairn";

    // How long a negotiated client access token is valid; it only has to last until the client connects.
    [Range(typeof(TimeSpan), "00:01:00", "24:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    // Messages one local WebSocket connection may have waiting; a client that falls further behind is disconnected.
    [Range(1, 100_000)]
    public int ConnectionQueueCapacity { get; set; } = 256;

    // Open sockets one agent may hold on the local hub; one more is closed at once with a reason (1008).
    [Range(1, 1_000)]
    public int MaxConnectionsPerAgent { get; set; } = 10;

    // Groups one local WebSocket connection may be in: without a cap one socket joined 300,000 topics in 3 s (+190 MB).
    [Range(1, 10_000)]
    public int MaxGroupsPerConnection { get; set; } = 100;

    // How often the local hub checks that each connected agent's key is still the one it connected with (and the agent
    // still exists).
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    // Pushes waiting to be sent; beyond this new pushes are dropped (and logged): the inbox still has them.
    [Range(1, 1_000_000)]
    public int DispatchQueueCapacity { get; set; } = 10_000;
}
