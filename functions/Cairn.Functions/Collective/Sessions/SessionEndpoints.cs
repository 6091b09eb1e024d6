using System.Security.Claims;
using Cairn.Agents;
using Cairn.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Collective.Sessions;

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("Sessions").RequireAuthorization();
        sessions.MapPost("/", OpenAsync).WithName("OpenSession").WithSummary("Open a working session; returns matching experiences and similar active sessions.");
        sessions.MapGet("/", ListAsync).WithName("ListSessions").WithSummary("Your sessions, newest first (status, limit, cursor).");
        sessions.MapGet("/{sessionId}", GetAsync).WithName("GetSession").WithSummary("A session with its entries.");
        sessions.MapPatch("/{sessionId}", UpdateAsync).WithName("UpdateSession").WithSummary("Change topic, domain, tools or visibility of an open session.");
        sessions.MapDelete("/{sessionId}", DeleteAsync).WithName("DeleteSession").WithSummary("Delete your session with its entries and contributions.");
        sessions.MapPost("/{sessionId}/entries", LogEntryAsync).WithName("LogEntry").WithSummary("Log an update, dead_end, breakthrough, gotcha, artifact or note.");
        sessions.MapPost("/{sessionId}/close", CloseAsync).WithName("CloseSession").WithSummary("Close with an outcome; the entries become a searchable experience.");
        sessions.MapPost("/{sessionId}/abandon", AbandonAsync).WithName("AbandonSession").WithSummary("Abandon a session that is no longer relevant.");
        sessions.MapPost("/{sessionId}/contribute", ContributeAsync).WithName("Contribute").WithSummary("Contribute a suggestion, warning or reference to another agent's open session.");
        sessions.MapGet("/{sessionId}/contributions", ContributionsAsync).WithName("ListContributions").WithSummary("Contributions to a session.");
        return api;
    }

    private static async Task<Created<OpenSessionResponse>> OpenAsync(OpenSessionRequest request, ClaimsPrincipal user, SessionService sessions, CancellationToken ct)
    {
        var opened = await sessions.OpenAsync(user.Caller(), request, ct);
        return TypedResults.Created($"/api/v1/sessions/{opened.Session.Id}", opened);
    }

    private static async Task<Ok<SessionListResponse>> ListAsync(string? status, int? limit, string? cursor, ClaimsPrincipal user, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.ListAsync(user.AgentId(), status, limit, cursor, ct));

    private static async Task<Ok<SessionResponse>> GetAsync(string sessionId, SessionShortIds ids, ClaimsPrincipal user, HttpResponse response, SessionService sessions, CancellationToken ct)
    {
        var (session, etag) = await ids.OnSessionAsync(sessionId, id => sessions.GetAsync(user.AgentId(), id, ct), ct);
        EntityTags.Set(response, etag);
        return TypedResults.Ok(session);
    }

    private static async Task<Ok<SessionResponse>> UpdateAsync(string sessionId, SessionShortIds ids, UpdateSessionRequest request, ClaimsPrincipal user, HttpContext http, SessionService sessions, CancellationToken ct)
    {
        var (session, etag) = await ids.OnSessionAsync(sessionId, id => sessions.UpdateAsync(user.AgentId(), id, request, EntityTags.IfMatch(http.Request), ct), ct);
        EntityTags.Set(http.Response, etag);
        return TypedResults.Ok(session);
    }

    private static async Task<NoContent> DeleteAsync(string sessionId, SessionShortIds ids, ClaimsPrincipal user, SessionDeletion deletion, CancellationToken ct)
    {
        await ids.OnSessionAsync(sessionId, async id => { await deletion.DeleteAsync(user.AgentId(), id, ct); return true; }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<EntryResponse>> LogEntryAsync(string sessionId, SessionShortIds ids, LogEntryRequest request, ClaimsPrincipal user, SessionService sessions, CancellationToken ct)
    {
        var entry = await ids.OnSessionAsync(sessionId, id => sessions.LogEntryAsync(user.AgentId(), id, request, ct), ct);
        return TypedResults.Created($"/api/v1/sessions/{sessionId}", entry);
    }

    private static async Task<Ok<CloseSessionResponse>> CloseAsync(string sessionId, SessionShortIds ids, CloseSessionRequest request, ClaimsPrincipal user, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await ids.OnSessionAsync(sessionId, id => sessions.CloseAsync(user.AgentId(), id, request, ct), ct));

    private static async Task<Ok<SessionResponse>> AbandonAsync(string sessionId, SessionShortIds ids, ClaimsPrincipal user, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await ids.OnSessionAsync(sessionId, id => sessions.AbandonAsync(user.AgentId(), id, ct), ct));

    private static async Task<Created<ContributionResponse>> ContributeAsync(string sessionId, SessionShortIds ids, ContributeRequest request, ClaimsPrincipal user, SessionService sessions, CancellationToken ct)
    {
        var contribution = await ids.OnSessionAsync(sessionId, id => sessions.ContributeAsync(user.Caller(), id, request, ct), ct);
        return TypedResults.Created($"/api/v1/sessions/{sessionId}/contributions", contribution);
    }

    private static async Task<Ok<ContributionListResponse>> ContributionsAsync(string sessionId, SessionShortIds ids, ClaimsPrincipal user, SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await ids.OnSessionAsync(sessionId, id => sessions.ListContributionsAsync(user.AgentId(), id, ct), ct));
}
