namespace Cairn.Pulse;

/// <summary>
/// Issues the WebSocket URL (with a short-lived access token) an agent connects to: the app's own
/// <c>/api/v1/pulse/ws</c> locally, Azure Web PubSub's client endpoint in the cloud.
/// </summary>
public interface IPulseNegotiator
{
    /// <summary>
    /// A client URL for <paramref name="agentId"/>, bound to the API key version <paramref name="keyVersion"/>, that joins <paramref name="groups"/> on connect. <paramref name="origin"/>
    /// is the scheme and host the caller reached (the local hub serves its WebSocket there).
    /// </summary>
    Task<NegotiateResponse> NegotiateAsync(Guid agentId, long keyVersion, IReadOnlyList<string> groups, Uri origin, CancellationToken cancellationToken);
}

/// <summary>What <c>GET /api/v1/pulse/negotiate</c> returns, as Web PubSub's client access URL: <c>url</c> = <c>base_url</c> + <c>?access_token=</c> + <c>token</c>.</summary>
public sealed record NegotiateResponse(string Url, string BaseUrl, string Token);
