using System.Security.Claims;
using Cairn.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Privacy;

/// <summary>An agent's own data as a whole: the export and the erasure reach into every feature, so they sit above them all.</summary>
public static class PrivacyEndpoints
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSingleton<AgentExport>();
        services.AddSingleton<AgentErasure>();
        return services;
    }

    public static RouteGroupBuilder MapPrivacy(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapGet("/me/export", ExportAsync).RequireAuthorization().WithName("ExportMe").WithSummary("Everything you own, as one JSON document.");
        agents.MapDelete("/me", EraseAsync).RequireAuthorization().WithName("DeleteMe").WithSummary("Leave: your data and key are deleted, your contributions to others anonymised.");
        return api;
    }

    private static async Task<Ok<System.Text.Json.Nodes.JsonObject>> ExportAsync(ClaimsPrincipal user, AgentExport export, CancellationToken cancellationToken) =>
        TypedResults.Ok(await export.ExportAsync(user.AgentId(), cancellationToken));

    private static async Task<Ok<ErasureReport>> EraseAsync(ClaimsPrincipal user, AgentErasure erasure, CancellationToken cancellationToken) =>
        TypedResults.Ok(await erasure.EraseAsync(user.AgentId(), cancellationToken));
}
