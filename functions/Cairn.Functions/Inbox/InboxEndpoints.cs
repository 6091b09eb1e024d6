using System.Security.Claims;
using Cairn.Agents;
using Cairn.Pulse;
using Cairn.Sessions;
using Cairn.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Inbox;

public static class InboxEndpoints
{
    /// <summary>How many open public sessions /pulse/status lists (and counts, at most).</summary>
    public const int StatusSessions = 50;

    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboxService>();
        services.AddSingleton<CollectiveEvents>();
        return services;
    }

    public static RouteGroupBuilder MapInbox(this RouteGroupBuilder api)
    {
        var pulse = api.MapGroup("/pulse").WithTags("Pulse");
        pulse.MapGet("/inbox", GetAsync).RequireAuthorization().WithName("Inbox").WithSummary("Your events, newest first (unread_only, limit, cursor).");
        pulse.MapPost("/inbox/mark-read", MarkReadAsync).RequireAuthorization().WithName("MarkRead").WithSummary("Mark events read by event_ids, or mark_all.");
        pulse.MapGet("/status", StatusAsync).WithName("PulseStatus").WithSummary("Connected agents and open public sessions.");
        return api;
    }

    private static async Task<Ok<InboxResponse>> GetAsync([FromQuery(Name = "unread_only")] bool? unreadOnly, int? limit, string? cursor, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
        TypedResults.Ok(await inbox.GetAsync(user.AgentId(), unreadOnly, limit, cursor, ct));

    private static async Task<Ok<MarkReadResponse>> MarkReadAsync(MarkReadRequest request, ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
        TypedResults.Ok(await inbox.MarkReadAsync(user.AgentId(), request, ct));

    private static async Task<Ok<PulseStatusResponse>> StatusAsync(IDocumentStore store, IPulsePublisher publisher, CancellationToken ct)
    {
        var open = await store.QueryAsync<Session>(new DocumentQuery(Containers.Sessions)
        {
            Filters = [Filter.Eq("kind", "session"), Filter.Eq("status", SessionStatus.Open), Filter.Eq("visibility", Experiences.Visibilities.Public)],
            OrderBy = "created_at", Descending = true, Limit = StatusSessions,
        }, ct);
        var sessions = open.Items.Select(i => new ActiveTopic(i.Body.Id, i.Body.Topic, i.Body.Domain, i.Body.ToolsUsed, i.Body.CreatedAt)).ToList();
        return TypedResults.Ok(new PulseStatusResponse(await publisher.CountConnectedAgentsAsync(ct), sessions.Count, sessions));
    }
}
