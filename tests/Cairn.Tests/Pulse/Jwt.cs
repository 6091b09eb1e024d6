using System.IdentityModel.Tokens.Jwt;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Cairn.Tests.Pulse;

// Validates tokens as Web PubSub would: HS256 with the UTF-8 bytes of the access key, and the expected audience.
public static class Jwt
{
    // The shape of a portal access key (44 base64 characters); made up.
    public const string AccessKey = "dGVzdC1hY2Nlc3Mta2V5LW5vdC1hLXJlYWwtb25lLi4=";

    // Throws unless the signature and audience hold; lifetime is checked by the caller against its own clock.
    public static JwtSecurityToken Validate(string token, string audience, string key = AccessKey, bool validateLifetime = false)
    {
        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        handler.ValidateToken(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidAudience = audience,
            ValidateLifetime = validateLifetime,
            RequireExpirationTime = true,
        }, out var validated);
        return (JwtSecurityToken)validated;
    }

    public static DateTimeOffset Expires(this JwtSecurityToken token) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(token.Claims.Single(c => c.Type == "exp").Value, System.Globalization.CultureInfo.InvariantCulture));
}
