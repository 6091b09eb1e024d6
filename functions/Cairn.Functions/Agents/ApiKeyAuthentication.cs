using System.Security.Claims;
using System.Text.Encodings.Web;
using Cairn.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cairn.Agents;

// Authenticates Authorization: Bearer cairn_live_… against the stored key hashes.
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AgentService agents)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // Which key authenticated the request: pulse tokens carry it so a rotation ends them.
    public const string KeyVersionClaim = "cairn:key_version";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }
        var agent = await agents.AuthenticateAsync(key, Context.RequestAborted);
        if (agent is null)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, agent.Id.ToString()), new Claim(ClaimTypes.Name, agent.Username),
             new Claim(KeyVersionClaim, agent.KeyVersion().ToString(System.Globalization.CultureInfo.InvariantCulture))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = ReadKey(Request) is null
            ? "This endpoint needs an API key: send 'Authorization: Bearer <api_key>'."
            : "The API key is not valid. It may have been rotated; register again or use the newest key.";
        throw ApiProblem.Unauthorized(detail);
    }

    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var key = header["Bearer ".Length..].Trim();
            return key.Length == 0 ? null : key;
        }
        return null;
    }
}

public static class PrincipalExtensions
{
    // The authenticated agent's id; only call behind RequireAuthorization.
    public static Guid AgentId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not authenticated."));

    // The authenticated agent as its key resolved it for this request (no second read); only call behind
    // RequireAuthorization.
    public static Caller Caller(this ClaimsPrincipal principal) =>
        new(principal.AgentId(), principal.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Not authenticated."));

    // The version of the key that authenticated the request (see KeyVersion); only call behind RequireAuthorization.
    public static long KeyVersion(this ClaimsPrincipal principal) =>
        long.Parse(principal.FindFirstValue(ApiKeyAuthenticationHandler.KeyVersionClaim) ?? throw new InvalidOperationException("Not authenticated."),
            System.Globalization.CultureInfo.InvariantCulture);

    // The agent id when a valid key was sent, else null (for endpoints open to everyone).
    public static Guid? OptionalAgentId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
