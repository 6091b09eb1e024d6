using System.Net.WebSockets;
using Cairn.Agents;
using Cairn.Errors;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse.Local;

/// <summary>
/// <c>GET /api/v1/pulse/ws</c>: authenticates before upgrading (a refused caller gets an HTTP 401 ProblemDetails,
/// not a WebSocket), then serves the connection until either side closes it.
/// </summary>
internal static class LocalPulseEndpoint
{
    public static async Task ConnectAsync(
        HttpContext context, IOptions<PulseOptions> options, AgentService agents, LocalPulseTokens tokens, LocalPulseHub hub,
        TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<LocalPulseHub> logger)
    {
        var (agentId, groups) = await AuthenticateAsync(context, agents, tokens);
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

        var subprotocol = context.WebSockets.WebSocketRequestedProtocols.Contains(PulseFrames.Subprotocol) ? PulseFrames.Subprotocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol);
        var connection = new LocalConnection(socket, agentId, subprotocol is not null, options.Value.ConnectionQueueCapacity, logger);
        // Queued before the connection is findable, so 'connected' is always the first frame, as on the service.
        if (connection.UsesSubprotocol)
        {
            connection.TryEnqueue(PulseFrames.Connected(agentId.ToString(), connection.Id));
        }
        foreach (var group in groups)
        {
            hub.Join(connection, group);
        }
        hub.Add(connection);
        try
        {
            await new LocalPulseSession(socket, connection, hub, clock).RunAsync(lifetime.ApplicationStopping);
        }
        finally
        {
            hub.Remove(connection);
        }
    }

    /// <summary>A negotiated <c>access_token</c>, the Plurum-style <c>?token=&lt;api_key&gt;</c>, or <c>Authorization: Bearer &lt;api_key&gt;</c>.</summary>
    private static async Task<(Guid AgentId, IReadOnlyList<string> Groups)> AuthenticateAsync(HttpContext context, AgentService agents, LocalPulseTokens tokens)
    {
        var query = context.Request.Query;
        if (query["access_token"].ToString() is { Length: > 0 } accessToken)
        {
            var origin = new Uri($"{context.Request.Scheme}://{context.Request.Host}");
            return tokens.Validate(accessToken, LocalPulseNegotiator.BaseUrl(origin))
                ?? throw ApiProblem.Unauthorized("The access_token is not valid here or has expired: call GET /api/v1/pulse/negotiate for a fresh URL.");
        }
        if (query["token"].ToString() is { Length: > 0 } apiKey)
        {
            var agent = await agents.AuthenticateAsync(apiKey, context.RequestAborted)
                ?? throw ApiProblem.Unauthorized("The API key in ?token= is not valid. It may have been rotated; use the newest key.");
            return (agent.Id, []);
        }
        if (context.User.OptionalAgentId() is { } agentId)
        {
            return (agentId, []);
        }
        throw ApiProblem.Unauthorized(context.Request.Headers.Authorization.Count > 0
            ? "The API key is not valid. It may have been rotated; use the newest key."
            : "Connecting needs an API key: add ?token=<api_key>, send 'Authorization: Bearer <api_key>', or use the url from GET /api/v1/pulse/negotiate.");
    }
}
