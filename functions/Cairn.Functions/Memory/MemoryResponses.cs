using System.Text.Json.Serialization;

namespace Cairn.Memory;

public sealed record MemorySessionResponse(
    Guid Id, string? Title, string Status, int ObservationCount, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    ZReportResponse? ZReport, Guid? PromotedMemoryId)
{
    public static MemorySessionResponse From(MemorySession s) =>
        new(s.Id, s.Title, s.Status, s.ObservationCount, s.StartedAt, s.EndedAt, s.ZReport is null ? null : ZReportResponse.From(s.ZReport, s.PromotionDueAt), s.PromotedMemoryId);
}

public sealed record ZReportResponse(
    string Summary, IReadOnlyList<string> Decisions, IReadOnlyList<ToolReport> Tools, int ObservationCount, OutcomeCounts Outcomes,
    double SuccessRate, bool PromotionPending, RingCounts Memories, int Tokens, DateTimeOffset GeneratedAt)
{
    public static ZReportResponse From(ZReport z, DateTimeOffset promotionDueAt) =>
        new(z.Summary, z.Decisions, z.Tools, z.ObservationCount, OutcomeCounts.From(z.Outcomes), z.SuccessRate, promotionDueAt < MemoryDates.Never,
            z.Memories, Engrams.Tokens.Estimate(z.Summary) + z.Decisions.Sum(Engrams.Tokens.Estimate), z.GeneratedAt);
}

public sealed record OutcomeCounts(int Success, int Failure, int Partial, double? SuccessRate)
{
    public static OutcomeCounts From(MemoryOutcomes o) => new(o.Success, o.Failure, o.Partial, o.SuccessRate is { } r ? Math.Round(r, 4) : null);
}

public sealed record ObservationResponse(Guid Id, Guid SessionId, string Ring, string Stage, int Tokens, DateTimeOffset CreatedAt, DateTimeOffset ClassifyBy);

public sealed record MemorySearchResponse(int Layer, IReadOnlyList<MemoryHitResponse> Results, int Count, int Tokens, string TokenRule);

// One memory at a retrieval layer; fields of deeper layers are left out, not sent as null, so they cost nothing.
public sealed record MemoryHitResponse(Guid Id, string Ring, string Stage, int Tokens)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Score { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentEssence { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentSummary { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TimelineResponse? Timeline { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentFull { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MemoryDetailsResponse? Details { get; init; }
}

public sealed record TimelineResponse(
    DateTimeOffset CreatedAt, DateTimeOffset? LastAccessedAt, DateTimeOffset StageChangedAt, DateTimeOffset? NextStageAt,
    TimelineSession? Session, IReadOnlyList<RelatedMemory> Related);

public sealed record TimelineSession(Guid Id, string? Title, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

// Another memory from the same session, observed just before or after.
public sealed record RelatedMemory(Guid Id, string Ring, DateTimeOffset CreatedAt, string ContentEssence);

public sealed record MemoryDetailsResponse(
    Guid? SessionId, string Source, string? Type, string? ToolName, OutcomeCounts Outcomes, int Reinforcements, int AccessCount,
    int OriginalTokens, DateTimeOffset CreatedAt, DateTimeOffset? LastAccessedAt, DateTimeOffset? NextStageAt, double DecayModifier, double Value);
