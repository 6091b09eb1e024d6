using System.Net.WebSockets;
using System.Security.Cryptography;
using Cairn.Agents;
using Cairn.Errors;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse.Local;

// GET /api/v1/pulse/ws: authenticates before upgrading (a refused caller gets an HTTP 401 ProblemDetails, not a
// WebSocket), then serves the connection until either side closes it.
internal static class LocalPulseEndpoint
{
    public static async Task ConnectAsync(
        HttpContext context, IOptions<PulseOptions> options, AgentService agents, LocalPulseTokens tokens, LocalPulseHub hub,
        TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<LocalPulseHub> logger)
    {
        var (agentId, keyVersion, groups) = await AuthenticateAsync(context, agents, tokens);
        if (options.Value.Provider != PulseProvider.Local)
        {
            throw ApiProblem.BadRequest("negotiate_required",
                "Real-time pushes are served by Azure Web PubSub here: call GET /api/v1/pulse/negotiate with your API key and connect to the 'url' it returns.");
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiProblem.BadRequest("websocket_required",
                "This endpoint is a WebSocket: connect with a WebSocket client (ws:// or wss://), ideally offering the subprotocol json.webpubsub.azure.v1.");
        }

        var subprotocol = ChooseSubprotocol(context.WebSockets.WebSocketRequestedProtocols);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol);
        var reliable = subprotocol == PulseFrames.ReliableSubprotocol;
        var connection = new LocalConnection(socket, agentId, subprotocol is not null, options.Value.ConnectionQueueCapacity, logger, reliable, keyVersion);
        // Queued before the connection is findable, so 'connected' is always the first frame, as on the service.
        if (connection.UsesSubprotocol)
        {
            connection.TryEnqueue(PulseFrames.Connected(agentId.ToString(), connection.Id,
                reliable ? Base64UrlToken() : null));
        }
        if (IsRecovery(context.Request.Query))
        {
            // The local hub keeps no session after a drop: 1008 tells the client to stop resuming and connect afresh.
            connection.Close(WebSocketCloseStatus.PolicyViolation, "This connection cannot be resumed: connect again and read the inbox.");
        }
        else if (!hub.TryAdd(connection, options.Value.MaxConnectionsPerAgent))
        {
            logger.LogInformation("Agent {AgentId} already holds {Max} pulse connections; refusing another", agentId, options.Value.MaxConnectionsPerAgent);
            connection.Close(WebSocketCloseStatus.PolicyViolation, $"Too many connections: at most {options.Value.MaxConnectionsPerAgent} per agent; close one first.");
        }
        else
        {
            foreach (var group in groups)
            {
                hub.Join(connection, group);
            }
        }
        try
        {
            await new LocalPulseSession(socket, connection, hub, clock, options.Value.MaxGroupsPerConnection).RunAsync(lifetime.ApplicationStopping);
        }
        finally
        {
            hub.Remove(connection);
        }
    }

    // The first subprotocol the client offers that this hub speaks; none offered means a simple WebSocket client.
    // Offering only others is refused before the upgrade: answering 101 without one of them makes real clients abort.
    private static string? ChooseSubprotocol(IList<string> offered)
    {
        if (offered.Count == 0)
        {
            return null;
        }
        return offered.FirstOrDefault(p => PulseFrames.Supported.Contains(p, StringComparer.Ordinal))
            ?? throw ApiProblem.BadRequest("unsupported_subprotocol",
                $"None of the offered WebSocket subprotocols ({string.Join(", ", offered)}) is spoken here: offer {string.Join(" or ", PulseFrames.Supported)}, or none for a simple client.");
    }

    // A reliable client resuming a dropped connection adds these to the URL it first connected with.
    private static bool IsRecovery(IQueryCollection query) =>
        query.ContainsKey("awps_connection_id") || query.ContainsKey("awps_reconnection_token");

    private static string Base64UrlToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    // A negotiated access_token, the Plurum-style ?token=<api_key>, or Authorization: Bearer <api_key>.
    private static async Task<(Guid AgentId, long KeyVersion, IReadOnlyList<string> Groups)> AuthenticateAsync(HttpContext context, AgentService agents, LocalPulseTokens tokens)
    {
        var query = context.Request.Query;
        if (query["access_token"].ToString() is { Length: > 0 } accessToken)
        {
            var origin = new Uri(context.RequestServices.GetRequiredService<Hosting.PublicAddress>().BaseUrl(context.Request));
            var (agentId, keyVersion, groups) = tokens.Validate(accessToken, LocalPulseNegotiator.BaseUrl(origin))
                ?? throw ApiProblem.Unauthorized("The access_token is not valid here or has expired: call GET /api/v1/pulse/negotiate for a fresh URL.");
            // A token outlives nothing it came from: negotiated with a key since rotated (or an agent since deleted), it is refused.
            var agent = await agents.FindAsync(agentId, context.RequestAborted);
            if (agent is null || agent.KeyVersion() != keyVersion)
            {
                throw ApiProblem.Unauthorized("The access_token was issued for an API key that has since been rotated: negotiate again with the newest key.");
            }
            return (agentId, keyVersion, groups);
        }
        if (query["token"].ToString() is { Length: > 0 } apiKey)
        {
            var agent = await agents.AuthenticateAsync(apiKey, context.RequestAborted)
                ?? throw ApiProblem.Unauthorized("The API key in ?token= is not valid. It may have been rotated; use the newest key.");
            return (agent.Id, agent.KeyVersion(), []);
        }
        if (context.User.OptionalAgentId() is { } id)
        {
            return (id, context.User.KeyVersion(), []);
        }
        throw ApiProblem.Unauthorized(context.Request.Headers.Authorization.Count > 0
            ? "The API key is not valid. It may have been rotated; use the newest key."
            : "Connecting needs an API key: add ?token=<api_key>, send 'Authorization: Bearer <api_key>', or use the url from GET /api/v1/pulse/negotiate.");
    }
}
