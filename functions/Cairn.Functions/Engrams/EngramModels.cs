using System.Text.Json.Nodes;

namespace Cairn.Engrams;

/// <summary>What Cairn knows about an engram beyond its JSON: owner, recurrence, activation now, transitions.</summary>
public sealed record EngramMeta(
    Guid OwnerId,
    string Owner,
    long Recurrences,
    double Activation,
    double RetrievalStrength,
    long Accesses,
    DateTimeOffset LastAccess,
    DateTimeOffset? DormantAt,
    IReadOnlyList<Transition> Transitions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Signature);

public sealed record EngramResponse(JsonObject Engram, EngramMeta Meta);

/// <summary>The result of learning or changing an engram: what happened, the engram, and warnings such as conflicts.</summary>
public sealed record EngramWriteResponse(string Outcome, JsonObject Engram, EngramMeta Meta, IReadOnlyList<EngramWarning> Warnings);

/// <summary>A warning about a write; for conflicts, the engram it contradicts and why.</summary>
public sealed record EngramWarning(string Code, string EngramId, Guid? OwnerId, string? Scope, string? Statement, string Reason, double? Similarity, string Detail);

public sealed record EngramListResponse(IReadOnlyList<EngramResponse> Engrams, string? NextCursor);

public sealed record EngramVersionSummary(long Version, string? EventId, DateTimeOffset ChangedAt, bool Current);

public sealed record EngramVersionsResponse(string EngramId, IReadOnlyList<EngramVersionSummary> Versions);

public sealed record EngramVersionResponse(string EngramId, long Version, bool Current, JsonObject Engram);

public sealed record FeedbackRequest(string? Signal, Guid? OwnerId);

public sealed record ReconcileRequest(string? With, string? Resolution);

/// <summary>What a write did to an engram (the "outcome" of its response); experiences have their own Outcomes.</summary>
public static class EngramWriteOutcomes
{
    public const string Created = "created";
    public const string Reinforced = "reinforced";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Promoted = "promoted";
    public const string Retired = "retired";
    public const string Recorded = "recorded";
    public const string Reconciled = "reconciled";
}
