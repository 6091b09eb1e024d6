using System.Security.Claims;
using Cairn.Agents;
using Cairn.Collective.Sessions;
using Cairn.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Collective.Experiences;

public static class ExperienceEndpoints
{
    public static RouteGroupBuilder MapExperiences(this RouteGroupBuilder api)
    {
        var experiences = api.MapGroup("/experiences").WithTags("Experiences");
        // Reading is open to everyone (public experiences only); a valid key also shows the caller's own private ones.
        experiences.MapPost("/search", SearchAsync).WithName("SearchExperiences").WithSummary("Hybrid vector + keyword search.");
        experiences.MapGet("/", ListAsync).WithName("ListExperiences").WithSummary("Published public experiences, newest first (domain, status, limit, cursor).");
        experiences.MapGet("/{identifier}", GetAsync).WithName("GetExperience").WithSummary("An experience by short_id (8 characters) or UUID.");
        experiences.MapGet("/{identifier}/history", HistoryAsync).WithName("ExperienceQualityHistory").WithSummary("The quality score after each outcome report and vote, oldest first.");
        experiences.MapGet("/{identifier}/similar", SimilarAsync).WithName("SimilarExperiences").WithSummary("Experiences like this one.");
        experiences.MapPost("/", CreateAsync).RequireAuthorization().WithName("CreateExperience").WithSummary("Create an experience directly (as a draft).");
        experiences.MapPost("/{identifier}/publish", PublishAsync).RequireAuthorization().WithName("PublishExperience").WithSummary("Publish your draft.");
        experiences.MapPost("/{identifier}/acquire", AcquireAsync).RequireAuthorization().WithName("AcquireExperience").WithSummary("Format for your context: summary, checklist, decision_tree or full.");
        experiences.MapPost("/{identifier}/outcome", OutcomeAsync).RequireAuthorization().WithName("ReportOutcome").WithSummary("Report whether it worked (once per agent).");
        experiences.MapPatch("/{identifier}", EditAsync).RequireAuthorization().WithName("EditExperience").WithSummary("Edit your experience's text; re-indexed at once, the previous text kept as a version.");
        experiences.MapGet("/{identifier}/versions", VersionsAsync).RequireAuthorization().WithName("ExperienceVersions").WithSummary("Earlier texts of your experience.");
        experiences.MapPost("/{identifier}/unpublish", UnpublishAsync).RequireAuthorization().WithName("UnpublishExperience").WithSummary("Back to a draft: out of search at once.");
        experiences.MapDelete("/{identifier}", DeleteAsync).RequireAuthorization().WithName("DeleteExperience").WithSummary("Delete your experience with its reports and votes; gone from search at once.");
        experiences.MapPost("/{identifier}/vote", VoteAsync).RequireAuthorization().WithName("Vote").WithSummary("Vote up or down; you may change your vote.");
        return api;
    }

    private static async Task<Ok<SearchResponse>> SearchAsync(SearchRequest request, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct) =>
        TypedResults.Ok(await experiences.SearchAsync(user.OptionalAgentId(), request, ct));

    private static async Task<Ok<ExperienceListResponse>> ListAsync(int? limit, string? domain, string? status, string? cursor, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct) =>
        TypedResults.Ok(await experiences.ListAsync(user.OptionalAgentId(), limit, domain, status, cursor, ct));

    private static async Task<Ok<ExperienceResponse>> GetAsync(string identifier, ClaimsPrincipal user, HttpResponse response, ExperienceService experiences, CancellationToken ct)
    {
        var (experience, etag) = await experiences.GetVersionedAsync(user.OptionalAgentId(), identifier, ct);
        EntityTags.Set(response, etag);
        return TypedResults.Ok(experience);
    }

    private static async Task<Ok<QualityHistoryResponse>> HistoryAsync(string identifier, ClaimsPrincipal user, QualityHistory history, CancellationToken ct) =>
        TypedResults.Ok(await history.GetAsync(user.OptionalAgentId(), identifier, ct));

    private static async Task<Ok<SearchResponse>> SimilarAsync(string identifier, int? limit, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct) =>
        TypedResults.Ok(await experiences.SimilarAsync(user.OptionalAgentId(), identifier, limit, ct));

    private static async Task<Created<ExperienceResponse>> CreateAsync(CreateExperienceRequest request, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct)
    {
        var created = await experiences.CreateAsync(user.Caller(), request, ct);
        return TypedResults.Created($"/api/v1/experiences/{created.ShortId}", created);
    }

    private static async Task<Ok<ExperienceResponse>> PublishAsync(string identifier, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct) =>
        TypedResults.Ok(await experiences.PublishAsync(user.AgentId(), identifier, ct));

    private static async Task<Ok<AcquireResponse>> AcquireAsync(string identifier, AcquireRequest request, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct) =>
        TypedResults.Ok(await experiences.AcquireAsync(user.AgentId(), identifier, request, ct));

    private static async Task<Ok<OutcomeResponse>> OutcomeAsync(string identifier, ReportOutcomeRequest request, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct) =>
        TypedResults.Ok(await experiences.ReportOutcomeAsync(user.Caller(), identifier, request, ct));

    private static async Task<Ok<ExperienceResponse>> EditAsync(string identifier, EditExperienceRequest request, ClaimsPrincipal user, ExperienceEditor editor, CancellationToken ct) =>
        TypedResults.Ok(await editor.EditAsync(user.AgentId(), identifier, request, ct));

    private static async Task<Ok<ExperienceVersionsResponse>> VersionsAsync(string identifier, ClaimsPrincipal user, ExperienceEditor editor, CancellationToken ct) =>
        TypedResults.Ok(await editor.VersionsAsync(user.AgentId(), identifier, ct));

    private static async Task<Ok<ExperienceResponse>> UnpublishAsync(string identifier, ClaimsPrincipal user, ExperienceEditor editor, CancellationToken ct) =>
        TypedResults.Ok(await editor.UnpublishAsync(user.AgentId(), identifier, ct));

    private static async Task<NoContent> DeleteAsync(string identifier, ClaimsPrincipal user, ExperienceEditor editor, CancellationToken ct)
    {
        await editor.DeleteAsync(user.AgentId(), identifier, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<VoteResponse>> VoteAsync(string identifier, VoteRequest request, ClaimsPrincipal user, ExperienceService experiences, CancellationToken ct) =>
        TypedResults.Ok(await experiences.VoteAsync(user.Caller(), identifier, request, ct));
}
