using System.ComponentModel.DataAnnotations;

namespace Cairn.Pulse;

public enum PulseProvider
{
    /// <summary>The app's own WebSocket hub: one process, no cloud service (local runs and tests).</summary>
    Local,

    /// <summary>Azure Web PubSub through its REST API; clients connect to the service after negotiating.</summary>
    AzureWebPubSub,
}

public sealed class PulseOptions
{
    public const string Section = "Cairn:Pulse";

    public PulseProvider Provider { get; set; } = PulseProvider.Local;

    /// <summary>Web PubSub connection string <c>Endpoint=https://…;AccessKey=…;Version=1.0;</c>. Leave empty to use <see cref="Endpoint"/> with the app's identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Web PubSub endpoint (<c>https://&lt;name&gt;.webpubsub.azure.com</c>) reached with the app's managed identity.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The Web PubSub hub (isolates Cairn's connections on a shared service).</summary>
    public string Hub { get; set; } = "cairn";

    /// <summary>How long a negotiated client access token is valid; it only has to last until the client connects.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "24:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Messages one local WebSocket connection may have waiting; a client that falls further behind is disconnected.</summary>
    [Range(1, 100_000)]
    public int ConnectionQueueCapacity { get; set; } = 256;

    /// <summary>Open sockets one agent may hold on the local hub; one more is closed at once with a reason (1008).</summary>
    [Range(1, 1_000)]
    public int MaxConnectionsPerAgent { get; set; } = 10;

    /// <summary>How often the local hub checks that each connected agent's key is still the one it connected with (and the agent still exists).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Pushes waiting to be sent; beyond this new pushes are dropped (and logged): the inbox still has them.</summary>
    [Range(1, 1_000_000)]
    public int DispatchQueueCapacity { get; set; } = 10_000;
}
