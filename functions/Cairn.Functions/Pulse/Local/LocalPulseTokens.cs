using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cairn.Pulse.Local;

// Client access tokens for the local hub, shaped as Web PubSub's and signed with a key that lives only in this process
// (the local hub is one process; a restart invalidates tokens, and clients negotiate again).
public sealed class LocalPulseTokens(TimeProvider clock, IOptions<PulseOptions> options)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly JwtSecurityTokenHandler _handler = new() { MapInboundClaims = false };

    public string Issue(Guid agentId, long keyVersion, IReadOnlyList<string> groups, string audience) =>
        PulseTokens.ClientToken(_key, audience, agentId, [], groups, clock.GetUtcNow(), options.Value.TokenLifetime, keyVersion);

    // The agent, key version and initial groups of a valid token for audience; null for anything else.
    public (Guid AgentId, long KeyVersion, IReadOnlyList<string> Groups)? Validate(string token, string audience)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(_key),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidAudience = audience,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } exp && clock.GetUtcNow().UtcDateTime < exp && (notBefore is not { } nbf || nbf <= clock.GetUtcNow().UtcDateTime.AddMinutes(1)),
        };
        try
        {
            var principal = _handler.ValidateToken(token, parameters, out _);
            if (!Guid.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var agentId)
                || !long.TryParse(principal.FindFirst(PulseTokens.KeyVersionClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var keyVersion))
            {
                return null;
            }
            var groups = principal.FindAll(PulseTokens.GroupClaim).Select(c => c.Value).Where(PulseGroups.IsJoinable).ToList();
            return (agentId, keyVersion, groups);
        }
        catch (Exception exception) when (exception is SecurityTokenException or ArgumentException)
        {
            return null;
        }
    }
}
