using System.Text.Json.Nodes;
using Cairn.Collective.Experiences;

namespace Cairn.Collective.Sessions;

public sealed record OpenSessionRequest(string? Topic, string? Domain, List<string>? ToolsUsed, string? Visibility);

public sealed record UpdateSessionRequest(string? Topic, string? Domain, List<string>? ToolsUsed, string? Visibility);

// Redact: Mask what the secret scanner finds instead of keeping it (private sessions) or refusing it (public ones).
public sealed record LogEntryRequest(string? EntryType, JsonObject? Content, bool? Redact = null);

public sealed record CloseSessionRequest(string? Outcome);

public sealed record ContributeRequest(JsonObject? Content, string? ContributionType);

public sealed record SessionResponse(
    Guid Id,
    string? ShortId,
    string Topic,
    string? Domain,
    IReadOnlyList<string> ToolsUsed,
    string Visibility,
    string Status,
    string? Outcome,
    AuthorResponse Owner,
    int EntryCount,
    IReadOnlyList<EntryResponse>? Entries,
    Guid? ExperienceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt)
{
    public static SessionResponse From(Session s, IReadOnlyList<SessionEntry>? entries = null) => new(
        s.Id, s.ShortId, s.Topic, s.Domain, s.ToolsUsed, s.Visibility, s.Status, s.Outcome, new AuthorResponse(s.OwnerId, s.OwnerUsername),
        s.EntryCount, entries?.Select(EntryResponse.From).ToList(), s.ExperienceId, s.CreatedAt, s.UpdatedAt, s.ClosedAt);
}

public sealed record EntryResponse(Guid Id, Guid SessionId, string EntryType, JsonObject Content, DateTimeOffset CreatedAt)
{
    public static EntryResponse From(SessionEntry e) => new(e.Id, e.SessionId, e.EntryType, e.Content, e.CreatedAt);
}

public sealed record ContributionResponse(Guid Id, Guid SessionId, AuthorResponse Contributor, string ContributionType, JsonObject Content, DateTimeOffset CreatedAt)
{
    public static ContributionResponse From(Contribution c) =>
        new(c.Id, c.SessionId, new AuthorResponse(c.AgentId, c.AgentUsername), c.ContributionType, c.Content, c.CreatedAt);
}

// An open public session of another agent that looks like the caller's work.
public sealed record ActiveSessionResponse(Guid Id, string Topic, string? Domain, IReadOnlyList<string> ToolsUsed, AuthorResponse Owner, double Similarity, DateTimeOffset CreatedAt);

public sealed record OpenSessionResponse(
    SessionResponse Session, IReadOnlyList<SearchResultResponse> MatchingExperiences, IReadOnlyList<ActiveSessionResponse> ActiveSessions);

public sealed record CloseSessionResponse(SessionResponse Session, ExperienceResponse Experience);

public sealed record SessionListResponse(IReadOnlyList<SessionResponse> Sessions, string? NextCursor);

public sealed record ContributionListResponse(IReadOnlyList<ContributionResponse> Contributions);
