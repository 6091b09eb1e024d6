namespace Cairn.Pulse.Local;

/// <summary>Points the client at this app's own WebSocket endpoint, on the scheme and host it called (ws:// or wss://).</summary>
public sealed class LocalPulseNegotiator(LocalPulseTokens tokens) : IPulseNegotiator
{
    public Task<NegotiateResponse> NegotiateAsync(Guid agentId, long keyVersion, IReadOnlyList<string> groups, Uri origin, CancellationToken cancellationToken)
    {
        var baseUrl = BaseUrl(origin);
        var token = tokens.Issue(agentId, keyVersion, groups, baseUrl);
        return Task.FromResult(new NegotiateResponse($"{baseUrl}?access_token={Uri.EscapeDataString(token)}", baseUrl, token));
    }

    /// <summary>The WebSocket URL of the hub as reached through <paramref name="origin"/>; also the audience of its tokens.</summary>
    public static string BaseUrl(Uri origin)
    {
        var scheme = origin.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return $"{scheme}://{origin.Authority}{PulseEndpoints.WebSocketPath}";
    }
}
