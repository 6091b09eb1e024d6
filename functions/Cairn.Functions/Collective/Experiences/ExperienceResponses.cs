namespace Cairn.Collective.Experiences;

public sealed record ExperienceResponse(
    Guid Id,
    string ShortId,
    string Goal,
    string? Domain,
    IReadOnlyList<string> ToolsUsed,
    string Outcome,
    string Status,
    string Visibility,
    IReadOnlyList<DeadEnd> DeadEnds,
    IReadOnlyList<Breakthrough> Breakthroughs,
    IReadOnlyList<Gotcha> Gotchas,
    IReadOnlyList<Artifact> Artifacts,
    IReadOnlyList<string> Notes,
    AuthorResponse Author,
    Guid? SessionId,
    double QualityScore,
    double? SuccessRate,
    long TotalReports,
    long SuccessCount,
    long FailureCount,
    long Upvotes,
    long Downvotes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt)
{
    public static ExperienceResponse From(Experience e) => new(
        e.Id, e.ShortId, e.Goal, e.Domain, e.ToolsUsed, e.Outcome, e.Status, e.Visibility,
        e.Content.DeadEnds, e.Content.Breakthroughs, e.Content.Gotchas, e.Content.Artifacts, e.Content.Notes,
        new AuthorResponse(e.OwnerId, e.OwnerUsername), e.SessionId,
        Math.Round(Quality.Score(e.Stats), 4), Quality.SuccessRate(e.Stats) is { } rate ? Math.Round(rate, 4) : null,
        e.Stats.TotalReports, e.Stats.SuccessCount, e.Stats.FailureCount, e.Stats.Upvotes, e.Stats.Downvotes,
        e.CreatedAt, e.PublishedAt);
}

public sealed record AuthorResponse(Guid Id, string Username);

// A list entry: enough to choose, without the full content.
public sealed record ExperienceSummaryResponse(
    Guid Id, string ShortId, string Goal, string? Domain, IReadOnlyList<string> ToolsUsed, string Outcome, string Status, string Visibility,
    double QualityScore, double? SuccessRate, long TotalReports, DateTimeOffset CreatedAt)
{
    public static ExperienceSummaryResponse From(Experience e) => new(
        e.Id, e.ShortId, e.Goal, e.Domain, e.ToolsUsed, e.Outcome, e.Status, e.Visibility,
        Math.Round(Quality.Score(e.Stats), 4), Quality.SuccessRate(e.Stats) is { } rate ? Math.Round(rate, 4) : null, e.Stats.TotalReports, e.CreatedAt);
}

public sealed record ExperienceListResponse(IReadOnlyList<ExperienceSummaryResponse> Experiences, string? NextCursor);

public sealed record OutcomeResponse(Guid ExperienceId, bool Success, double QualityScore, double? SuccessRate, long TotalReports, string Message);

public sealed record VoteResponse(Guid ExperienceId, string VoteType, long Upvotes, long Downvotes, double QualityScore);

// One search hit: what it is, how close it is to the query, and how much to trust it.
public sealed record SearchResultResponse(
    Guid Id, string ShortId, string Goal, string? Domain, IReadOnlyList<string> ToolsUsed, string Outcome,
    double Similarity, double QualityScore, double? SuccessRate, long TotalReports, AuthorResponse Author, DateTimeOffset CreatedAt)
{
    public static SearchResultResponse From(Experience e, double similarity) => new(
        e.Id, e.ShortId, e.Goal, e.Domain, e.ToolsUsed, e.Outcome, Math.Round(similarity, 4),
        Math.Round(Quality.Score(e.Stats), 4), Quality.SuccessRate(e.Stats) is { } rate ? Math.Round(rate, 4) : null, e.Stats.TotalReports,
        new AuthorResponse(e.OwnerId, e.OwnerUsername), e.CreatedAt);
}

public sealed record SearchResponse(IReadOnlyList<SearchResultResponse> Results, int Count);
