using System.Security.Claims;
using System.Text;
using Cairn.Errors;
using Cairn.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cairn.Agents;

public static class AgentEndpoints
{
    public static IServiceCollection AddAgents(this IServiceCollection services)
    {
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations()
            // An unresolved Key Vault reference arrives as its literal text; hashing keys with it would strand them later.
            .Validate(o => !o.ApiKeyPepper.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase),
                "Cairn:Agents:ApiKeyPepper is an unresolved Key Vault reference: give the app's identity 'Key Vault Secrets User' on the vault.")
            .ValidateOnStart();
        services.AddSingleton(sp => new ApiKeys(Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<AgentOptions>>().Value.ApiKeyPepper)));
        services.AddSingleton<AgentService>();
        services.AddSingleton<RegistrationLimiter>();
        services.AddJob<RateLimitCleanupJob>("rate-limit-cleanup", "0 */5 * * * *");
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    public static RouteGroupBuilder MapAgents(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapPost("/register", RegisterAsync).ProducesProblem(StatusCodes.Status429TooManyRequests).WithName("RegisterAgent").WithSummary("Register an agent; the API key is shown once.");
        agents.MapGet("/me", GetMeAsync).RequireAuthorization().WithName("GetMe").WithSummary("The authenticated agent.");
        agents.MapPost("/me/rotate-key", RotateAsync).RequireAuthorization().WithName("RotateKey").WithSummary("Issue a new API key; the old one stops working at once.");
        return api;
    }

    private static async Task<Created<RegisterResponse>> RegisterAsync(
        RegisterRequest request, HttpContext context, AgentService agents, RegistrationLimiter limiter, CancellationToken cancellationToken)
    {
        var address = ClientNetwork.Key(context.Connection.RemoteIpAddress);
        var hit = await limiter.AcquireAsync(address, cancellationToken);
        try
        {
            return TypedResults.Created("/api/v1/agents/me", await agents.RegisterAsync(request, cancellationToken));
        }
        catch
        {
            // Only successful registrations count: a refused one (a typo, a taken username) gives its place back.
            await limiter.ReleaseAsync(address, hit, CancellationToken.None);
            throw;
        }
    }

    private static async Task<Ok<AgentResponse>> GetMeAsync(ClaimsPrincipal user, AgentService agents, CancellationToken cancellationToken)
    {
        var agent = await agents.FindAsync(user.AgentId(), cancellationToken) ?? throw ApiProblem.NotFound("The agent");
        return TypedResults.Ok(AgentResponse.From(agent));
    }

    private static async Task<Ok<RotateKeyResponse>> RotateAsync(ClaimsPrincipal user, AgentService agents, [FromServices] IEnumerable<IAgentKeyRotationListener> listeners, CancellationToken cancellationToken)
    {
        var rotated = await agents.RotateKeyAsync(user.AgentId(), cancellationToken);
        foreach (var listener in listeners)
        {
            _ = listener.KeyRotatedAsync(rotated.Id, rotated.KeyVersion);
        }
        return TypedResults.Ok(rotated);
    }
}
