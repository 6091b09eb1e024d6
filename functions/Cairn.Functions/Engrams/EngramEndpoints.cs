using System.Security.Claims;
using Cairn.Agents;
using Cairn.Engrams.Access;
using Cairn.Engrams.Packs;
using Cairn.Engrams.Recall;
using Cairn.Hosting;
using Cairn.Jobs;
using Cairn.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Engrams;

public static class EngramEndpoints
{
    /// <summary>Engrams; needs AddCairnStorage, AddCairnEmbeddings and AddCairnSearch (recall is hybrid search).</summary>
    public static IServiceCollection AddEngrams(this IServiceCollection services)
    {
        services.AddWorkspaces();
        services.AddOptions<EngramOptions>().BindConfiguration(EngramOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ActivationModel>();
        services.AddSingleton<EngramIndex>();
        services.AddSingleton<EngramStore>();
        services.AddSingleton<EngramChanges>();
        services.AddSingleton<EngramReader>();
        services.AddSingleton<EngramLifecycle>();
        services.AddSingleton<EngramEvents>();
        services.AddSingleton<ConflictDetector>();
        services.AddSingleton<LearnService>();
        services.AddSingleton<EngramEditor>();
        services.AddSingleton<EngramDeletion>();
        services.AddSingleton<ScopeMembership>();
        services.AddSingleton<DefaultScopes>();
        services.AddSingleton<RecallService>();
        services.AddSingleton<SpreadingActivation>();
        services.AddSingleton<Duplicates.PossibleDuplicates>();
        services.AddSingleton<PackService>();
        services.AddSingleton<AccessRecorder>();
        services.AddHostedService<AccessDrainer>();
        services.AddJob<EngramPromotionJob>("engram-promotion", "0 */15 * * * *");
        services.AddJob<EngramDormancyJob>("engram-dormancy", "0 30 * * * *");
        services.AddJob<EngramAccessJob>("engram-access", "0 */5 * * * *");
        return services;
    }

    public static RouteGroupBuilder MapEngrams(this RouteGroupBuilder api)
    {
        var engrams = api.MapGroup("/engrams").WithTags("Engrams").RequireAuthorization();
        engrams.MapPost("", LearnAsync).Accepts<System.Text.Json.Nodes.JsonObject>("application/json").WithName("LearnEngram").WithSummary("Learn an engram; the same statement again reinforces the one you have.");
        engrams.MapGet("", ListAsync).WithName("ListEngrams").WithSummary("Your engrams, by id; ?entity= keeps those naming that entity.");
        engrams.MapPost("/recall", RecallAsync).WithName("RecallEngrams").WithSummary("Ranked engrams for a task within a token budget, with a block to inject.");
        engrams.MapGet("/export", ExportAsync).Produces<string>(StatusCodes.Status200OK, "application/yaml").WithName("ExportEngrams").WithSummary("Your engrams as a PLUR engrams.yaml pack.");
        engrams.MapPost("/import", ImportAsync).Accepts<string>("application/yaml").WithName("ImportEngrams").WithSummary("Import a PLUR engrams.yaml pack.");
        engrams.MapGet("/{id}", GetAsync).WithName("GetEngram").WithSummary("One of your engrams, with its activation now.");
        engrams.MapPatch("/{id}", UpdateAsync).Accepts<System.Text.Json.Nodes.JsonObject>("application/json").WithName("UpdateEngram").WithSummary("Change an engram by JSON Merge Patch; the previous version is kept.");
        engrams.MapGet("/{id}/versions", VersionsAsync).WithName("ListEngramVersions").WithSummary("The versions of an engram.");
        engrams.MapGet("/{id}/versions/{version:long}", VersionAsync).WithName("GetEngramVersion").WithSummary("One version of an engram.");
        engrams.MapPost("/{id}/promote", PromoteAsync).WithName("PromoteEngram").WithSummary("Make a candidate or dormant engram active.");
        engrams.MapDelete("/{id}", DeleteAsync).WithName("DeleteEngram").WithSummary("Delete an engram for good, with its versions (forget retires it instead).");
        engrams.MapPost("/{id}/forget", ForgetAsync).WithName("ForgetEngram").WithSummary("Retire an engram; it stays readable, with its history.");
        engrams.MapPost("/{id}/feedback", FeedbackAsync).WithName("EngramFeedback").WithSummary("Say whether an engram helped: positive, negative or neutral.");
        engrams.MapPost("/{id}/reconcile", ReconcileAsync).WithName("ReconcileEngrams").WithSummary("Resolve a conflict: supersede the other engram, or keep both.");
        return api;
    }

    private static async Task<Results<Created<EngramWriteResponse>, Ok<EngramWriteResponse>>> LearnAsync(
        HttpRequest request, ClaimsPrincipal user, LearnService learn, CancellationToken cancellationToken)
    {
        var body = await EngramBodies.ReadObjectAsync(request, cancellationToken);
        var result = await learn.LearnAsync(user.AgentId(), Username(user), body, cancellationToken);
        return result.Outcome == EngramWriteOutcomes.Created
            ? TypedResults.Created($"/api/v1/engrams/{result.Engram["id"]}", result)
            : TypedResults.Ok(result);
    }

    private static async Task<Ok<EngramListResponse>> ListAsync(
        ClaimsPrincipal user, EngramReader reader, string? status, int? limit, string? cursor, string? entity, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.ListAsync(user.AgentId(), status, limit, cursor, cancellationToken, entity));

    private static async Task<Ok<EngramResponse>> GetAsync(string id, HttpResponse response, ClaimsPrincipal user, EngramReader reader, CancellationToken cancellationToken)
    {
        var (engram, etag) = await reader.GetAsync(user.AgentId(), id, cancellationToken);
        EntityTags.Set(response, etag);
        return TypedResults.Ok(engram);
    }

    private static async Task<Ok<EngramWriteResponse>> UpdateAsync(
        string id, HttpRequest request, ClaimsPrincipal user, EngramEditor editor, CancellationToken cancellationToken)
    {
        var patch = await EngramBodies.ReadObjectAsync(request, cancellationToken);
        var (result, etag) = await editor.UpdateAsync(user.AgentId(), id, patch, EntityTags.IfMatch(request), cancellationToken);
        EntityTags.Set(request.HttpContext.Response, etag);
        return TypedResults.Ok(result);
    }

    private static async Task<Ok<EngramVersionsResponse>> VersionsAsync(string id, ClaimsPrincipal user, EngramReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.VersionsAsync(user.AgentId(), id, cancellationToken));

    private static async Task<Ok<EngramVersionResponse>> VersionAsync(string id, long version, ClaimsPrincipal user, EngramReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.VersionAsync(user.AgentId(), id, version, cancellationToken));

    private static async Task<Ok<EngramWriteResponse>> PromoteAsync(string id, ClaimsPrincipal user, EngramLifecycle lifecycle, CancellationToken cancellationToken) =>
        TypedResults.Ok(await lifecycle.PromoteAsync(user.AgentId(), id, cancellationToken));

    private static async Task<NoContent> DeleteAsync(string id, ClaimsPrincipal user, EngramDeletion deletion, CancellationToken cancellationToken)
    {
        await deletion.DeleteAsync(user.AgentId(), id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<EngramWriteResponse>> ForgetAsync(string id, ClaimsPrincipal user, EngramLifecycle lifecycle, CancellationToken cancellationToken) =>
        TypedResults.Ok(await lifecycle.ForgetAsync(user.AgentId(), id, cancellationToken));

    private static async Task<Ok<EngramWriteResponse>> FeedbackAsync(
        string id, FeedbackRequest request, ClaimsPrincipal user, EngramLifecycle lifecycle, CancellationToken cancellationToken) =>
        TypedResults.Ok(await lifecycle.FeedbackAsync(user.AgentId(), id, request, cancellationToken));

    private static async Task<Ok<EngramWriteResponse>> ReconcileAsync(
        string id, ReconcileRequest request, ClaimsPrincipal user, EngramLifecycle lifecycle, CancellationToken cancellationToken) =>
        TypedResults.Ok(await lifecycle.ReconcileAsync(user.AgentId(), id, request, cancellationToken));

    private static async Task<Ok<RecallResponse>> RecallAsync(RecallRequest request, ClaimsPrincipal user, RecallService recall, CancellationToken cancellationToken) =>
        TypedResults.Ok(await recall.RecallAsync(user.AgentId(), request, cancellationToken));

    private static async Task<ContentHttpResult> ExportAsync(
        ClaimsPrincipal user, PackService packs, string? scope, string? status, bool? pack, CancellationToken cancellationToken) =>
        TypedResults.Text(await packs.ExportAsync(user.AgentId(), scope, status, pack ?? false, cancellationToken), PackService.YamlContentType);

    private static async Task<Ok<ImportResponse>> ImportAsync(
        HttpRequest request, ClaimsPrincipal user, PackService packs, string? existing, CancellationToken cancellationToken) =>
        TypedResults.Ok(await packs.ImportAsync(user.AgentId(), Username(user), request, existing, cancellationToken));

    private static string Username(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "";
}
