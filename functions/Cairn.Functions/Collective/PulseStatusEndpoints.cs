using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Pulse;
using Cairn.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Collective;

public static class PulseStatusEndpoints
{
    // How many open public sessions /pulse/status lists (and counts, at most).
    public const int StatusSessions = 50;

    public static RouteGroupBuilder MapPulseStatus(this RouteGroupBuilder api)
    {
        var pulse = api.MapGroup("/pulse").WithTags("Pulse");
        pulse.MapGet("/status", StatusAsync).WithName("PulseStatus").WithSummary("Connected agents and open public sessions.");
        return api;
    }

    private static async Task<Ok<PulseStatusResponse>> StatusAsync(IDocumentStore store, IPulsePublisher publisher, CancellationToken ct)
    {
        var open = await store.QueryAsync<Session>(new DocumentQuery(Containers.Sessions)
        {
            Filters = [Filter.Eq(Session.Fields.Kind, Session.DocumentKind), Filter.Eq(Session.Fields.Status, SessionStatus.Open), Filter.Eq(Session.Fields.Visibility, Visibilities.Public)],
            OrderBy = Session.Fields.CreatedAt, Descending = true, Limit = StatusSessions,
        }, ct);
        var sessions = open.Items.Select(i => new ActiveTopic(i.Body.Id, i.Body.Topic, i.Body.Domain, i.Body.ToolsUsed, i.Body.CreatedAt)).ToList();
        return TypedResults.Ok(new PulseStatusResponse(await publisher.CountConnectedAgentsAsync(ct), sessions.Count, sessions));
    }
}

public sealed record PulseStatusResponse(int? ConnectedAgents, int ActiveSessions, IReadOnlyList<ActiveTopic> Sessions);

public sealed record ActiveTopic(Guid Id, string Topic, string? Domain, IReadOnlyList<string> ToolsUsed, DateTimeOffset CreatedAt);
