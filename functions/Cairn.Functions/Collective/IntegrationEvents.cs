using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Events;

namespace Cairn.Collective;

/// <summary>
/// The collective's happenings as integration events (docs/events.md): who may receive each follows who may read the
/// content (public → every subscriber, private → its owner only), and no event names the agent who reported or voted.
/// </summary>
public static class IntegrationEvents
{
    public static CairnEvent SessionOpened(Session s) => new(CairnEventTypes.SessionOpened, s.Id.ToString(), $"sessions/{s.Id}", new
    {
        session_id = s.Id, short_id = s.ShortId, topic = s.Topic, domain = s.Domain, tools_used = s.ToolsUsed, visibility = s.Visibility,
        owner = new AuthorResponse(s.OwnerId, s.OwnerUsername), created_at = s.CreatedAt,
    }, Audience(s), new EventFacets(s.Domain, s.ToolsUsed));

    public static CairnEvent SessionClosed(Session s, Experience e) => new(CairnEventTypes.SessionClosed, s.Id.ToString(), $"sessions/{s.Id}", new
    {
        session_id = s.Id, short_id = s.ShortId, topic = s.Topic, domain = s.Domain, tools_used = s.ToolsUsed, outcome = s.Outcome,
        experience_id = e.Id, experience_short_id = e.ShortId, owner = new AuthorResponse(s.OwnerId, s.OwnerUsername), closed_at = s.ClosedAt,
    }, Audience(s), new EventFacets(s.Domain, s.ToolsUsed, e.Id));

    public static CairnEvent ExperiencePublished(Experience e) => new(CairnEventTypes.ExperiencePublished, $"{e.Id}:{e.PublishedAt:O}", $"experiences/{e.Id}", new
    {
        experience_id = e.Id, short_id = e.ShortId, goal = e.Goal, domain = e.Domain, tools_used = e.ToolsUsed, outcome = e.Outcome,
        visibility = e.Visibility, session_id = e.SessionId, author = new AuthorResponse(e.OwnerId, e.OwnerUsername), published_at = e.PublishedAt,
    }, Audience(e), Facets(e));

    public static CairnEvent Contribution(Session s, Contribution c) => new(CairnEventTypes.ContributionReceived, c.Id.ToString(), $"sessions/{s.Id}", new
    {
        session_id = s.Id, contribution_id = c.Id, contribution_type = c.ContributionType, content = c.Content,
        contributor = new AuthorResponse(c.AgentId, c.AgentUsername), created_at = c.CreatedAt,
    }, Audience(s), new EventFacets(s.Domain, s.ToolsUsed));

    public static CairnEvent Outcome(Experience e, OutcomeReport r) => new(CairnEventTypes.OutcomeReported, $"{e.Id}:{r.AgentId}", $"experiences/{e.Id}", new
    {
        experience_id = e.Id, short_id = e.ShortId, success = r.Success, execution_time_ms = r.ExecutionTimeMs,
        total_reports = e.Stats.TotalReports, success_rate = Quality.SuccessRate(e.Stats), quality_score = Math.Round(Quality.Score(e.Stats), 4), reported_at = r.CreatedAt,
    }, Audience(e), Facets(e));

    public static CairnEvent Vote(Experience e, Vote v) => new(CairnEventTypes.VoteReceived, $"{e.Id}:{v.AgentId}:{v.VoteType}:{v.CreatedAt:O}", $"experiences/{e.Id}", new
    {
        experience_id = e.Id, short_id = e.ShortId, vote_type = v.VoteType, upvotes = e.Stats.Upvotes, downvotes = e.Stats.Downvotes,
        quality_score = Math.Round(Quality.Score(e.Stats), 4), voted_at = v.CreatedAt,
    }, Audience(e), Facets(e));

    private static EventAudience Audience(Session s) => s.IsPublic ? EventAudience.Everyone : EventAudience.Owner(s.OwnerId);

    /// <summary>A public experience reaches others only once published; a draft or private one only its author.</summary>
    private static EventAudience Audience(Experience e) =>
        e.IsPublic && e.Status == ExperienceStatus.Published ? EventAudience.Everyone : EventAudience.Owner(e.OwnerId);

    private static EventFacets Facets(Experience e) => new(e.Domain, e.ToolsUsed, e.Id);
}
