using System.IdentityModel.Tokens.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace Cairn.Pulse;

// The HS256 JWTs Web PubSub accepts, signed with the UTF-8 bytes of the key (as Web PubSub signs with its access key):
// service tokens for the REST API and client access tokens for WebSocket connections. The local hub signs its own
// client tokens the same way with a per-process key.
public static class PulseTokens
{
    public const string RoleClaim = "role";
    public const string GroupClaim = "webpubsub.group";

    // The version of the API key the token was negotiated with; a token from before a rotation is refused.
    public const string KeyVersionClaim = "cairn.kv";

    private static readonly JwtSecurityTokenHandler Handler = new();

    // REST API token: aud is the request URL without query or trailing slash, exp short.
    public static string ServiceToken(byte[] key, Uri requestUri, DateTimeOffset now, TimeSpan lifetime) =>
        Write(key, new JwtPayload
        {
            [JwtRegisteredClaimNames.Aud] = ServiceAudience(requestUri),
            [JwtRegisteredClaimNames.Iat] = now.ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Exp] = (now + lifetime).ToUnixTimeSeconds(),
        });

    // Client access token: aud is the client hub URL, sub the user (agent) id, plus roles and initial groups.
    public static string ClientToken(byte[] key, string audience, Guid agentId, IReadOnlyList<string> roles, IReadOnlyList<string> groups, DateTimeOffset now, TimeSpan lifetime, long? keyVersion = null)
    {
        var payload = new JwtPayload
        {
            [JwtRegisteredClaimNames.Aud] = audience,
            [JwtRegisteredClaimNames.Sub] = agentId.ToString(),
            [JwtRegisteredClaimNames.Iat] = now.ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Nbf] = now.ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Exp] = (now + lifetime).ToUnixTimeSeconds(),
        };
        if (roles.Count > 0)
        {
            payload[RoleClaim] = roles.ToArray();
        }
        if (groups.Count > 0)
        {
            payload[GroupClaim] = groups.ToArray();
        }
        if (keyVersion is { } version)
        {
            payload[KeyVersionClaim] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Write(key, payload);
    }

    // The audience rule of the REST reference: scheme, host, port and path; no query, no trailing slash.
    public static string ServiceAudience(Uri requestUri) => requestUri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static string Write(byte[] key, JwtPayload payload)
    {
        var header = new JwtHeader(new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256));
        return Handler.WriteToken(new JwtSecurityToken(header, payload));
    }
}
