using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse.WebPubSub;

// Client access URLs for Web PubSub: wss://{host}/client/hubs/{hub}?access_token=…. With an access key the token is
// signed here (aud = the client hub URL, sub = agent id, exp, roles, groups); with the app's identity (keys disabled)
// the service issues it through :generateToken.
public sealed class WebPubSubNegotiator(WebPubSubRestClient rest, TimeProvider clock, IOptions<PulseOptions> options) : IPulseNegotiator
{
    public async Task<NegotiateResponse> NegotiateAsync(Guid agentId, long keyVersion, IReadOnlyList<string> groups, Uri origin, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.TokenLifetime;
        var token = rest.Credential.SigningKey is { } key
            ? PulseTokens.ClientToken(key, ClientAudience(rest.Endpoint, rest.Hub), agentId, PulseGroups.JoinRoles, groups, clock.GetUtcNow(), lifetime, keyVersion)
            : await GenerateTokenAsync(agentId, groups, lifetime, cancellationToken);
        var baseUrl = ClientBaseUrl(rest.Endpoint, rest.Hub);
        return new NegotiateResponse($"{baseUrl}?access_token={Uri.EscapeDataString(token)}", baseUrl, token);
    }

    // The audience Web PubSub expects in client tokens: {endpoint}/client/hubs/{hub} over http(s).
    public static string ClientAudience(Uri endpoint, string hub) => $"{endpoint.GetLeftPart(UriPartial.Authority)}/client/hubs/{hub}";

    // Where clients connect: the client hub URL over ws(s).
    public static string ClientBaseUrl(Uri endpoint, string hub) =>
        $"{(endpoint.Scheme == Uri.UriSchemeHttp ? "ws" : "wss")}://{endpoint.Authority}/client/hubs/{hub}";

    private async Task<string> GenerateTokenAsync(Guid agentId, IReadOnlyList<string> groups, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var query = new List<(string, string)> { ("userId", agentId.ToString()) };
        query.AddRange(PulseGroups.JoinRoles.Select(role => ("role", role)));
        query.AddRange(groups.Select(group => ("group", group)));
        query.Add(("minutesToExpire", ((int)Math.Ceiling(lifetime.TotalMinutes)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var response = await rest.SendAsync(HttpMethod.Post, rest.HubUrl("/:generateToken", query), () => null, cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return body.RootElement.TryGetProperty("token", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new WebPubSubException(HttpMethod.Post, rest.HubUrl("/:generateToken"), response.StatusCode, "The response has no 'token'.");
    }
}
