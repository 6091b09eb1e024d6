using System.Text.Json.Serialization;
using Cairn.Storage;

namespace Cairn.Memory;

// One memory of one agent, stored in the agent's partition. An observation starts as a memory in the buffer ring and
// keeps its id when the classifier moves it to a ring. Content is the text at the current stage; Summary and Essence
// are its shorter forms for layer-1 retrieval.
public sealed record MemoryItem(
    Guid Id,
    Guid AgentId,
    Guid? SessionId,
    string Ring,
    string Stage,
    string Source,
    string? Type,
    string? ToolName,
    string Content,
    string Summary,
    string Essence,
    string Fingerprint,
    int OriginalTokens,
    MemoryOutcomes Outcomes,
    int Reinforcements,
    int AccessCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastAccessedAt,
    DateTimeOffset DecayAnchorAt,
    DateTimeOffset StageChangedAt,
    DateTimeOffset DueAt,
    double Value,
    bool CbpContributed)
{
    // Tells memories apart from anything else that may share the container.
    public const string DocumentKind = "memory";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string Id = DocumentFields.Id;
        public const string SessionId = "session_id";
        public const string Ring = "ring";
        public const string Value = "value";
        public const string DueAt = "due_at";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;

    // Ring, stage and text as of the last history record; a write that changes them records an UPDATE.
    public string? HistoryMark { get; init; }
}

// How the observations behind a memory turned out.
public sealed record MemoryOutcomes(int Success, int Failure, int Partial)
{
    public static readonly MemoryOutcomes None = new(0, 0, 0);

    [JsonIgnore]
    public int Rated => Success + Failure + Partial;

    // (successes + half the partial ones) / rated; null when nothing was rated.
    [JsonIgnore]
    public double? SuccessRate => Rated == 0 ? null : (Success + 0.5 * Partial) / Rated;

    public static MemoryOutcomes Of(string? outcome) => outcome switch
    {
        ObservationOutcomes.Success => new(1, 0, 0),
        ObservationOutcomes.Failure => new(0, 1, 0),
        ObservationOutcomes.Partial => new(0, 0, 1),
        _ => None,
    };

    public MemoryOutcomes Add(MemoryOutcomes other) => new(Success + other.Success, Failure + other.Failure, Partial + other.Partial);
}

public static class MemorySources
{
    public const string Observation = "observation";
    public const string ZReport = "z_report";
}

// A date that never comes: due dates are always set, so the due-date index has no gaps (docs/memory.md, "Storage").
public static class MemoryDates
{
    public static readonly DateTimeOffset Never = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset? OrNull(DateTimeOffset date) => date >= Never ? null : date;
}
