namespace Cairn.Pulse.Local;

// Points the client at this app's own WebSocket endpoint, on the scheme and host it called (ws:// or wss://).
public sealed class LocalPulseNegotiator(LocalPulseTokens tokens) : IPulseNegotiator
{
    public Task<NegotiateResponse> NegotiateAsync(Guid agentId, long keyVersion, IReadOnlyList<string> groups, Uri origin, CancellationToken cancellationToken)
    {
        var baseUrl = BaseUrl(origin);
        var token = tokens.Issue(agentId, keyVersion, groups, baseUrl);
        return Task.FromResult(new NegotiateResponse($"{baseUrl}?access_token={Uri.EscapeDataString(token)}", baseUrl, token));
    }

    // The WebSocket URL of the hub as reached through origin; also the audience of its tokens.
    public static string BaseUrl(Uri origin)
    {
        var scheme = origin.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return $"{scheme}://{origin.Authority}{origin.AbsolutePath.TrimEnd('/')}{PulseEndpoints.WebSocketPath}";
    }
}
