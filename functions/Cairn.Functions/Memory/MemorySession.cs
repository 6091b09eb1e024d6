using Cairn.Storage;

namespace Cairn.Memory;

// One memory session of one agent, stored in the agent's partition. Ending it writes its Z-report; a report with a high
// success rate gets PromotionDueAt set so the promotion job turns it into a long-term memory.
public sealed record MemorySession(
    Guid Id,
    Guid AgentId,
    string? Title,
    string Status,
    int ObservationCount,
    MemoryOutcomes Outcomes,
    IReadOnlyList<ToolReport> Tools,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    ZReport? ZReport,
    DateTimeOffset PromotionDueAt,
    Guid? PromotedMemoryId)
{
    public const string DocumentKind = "memory_session";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string PromotionDueAt = "promotion_due_at";
    }

    public string Kind { get; } = DocumentKind;
}

public static class MemorySessionStatus
{
    public const string Active = "active";
    public const string Ended = "ended";
    public static readonly string[] All = [Active, Ended];
}

// The end-of-session summary: what was observed, decided and used, and how well it went.
public sealed record ZReport(
    string Summary,
    IReadOnlyList<string> Decisions,
    IReadOnlyList<ToolReport> Tools,
    int ObservationCount,
    MemoryOutcomes Outcomes,
    double SuccessRate,
    RingCounts Memories,
    DateTimeOffset GeneratedAt);

// One tool used during the session and how its uses turned out.
public sealed record ToolReport(string Name, int Uses, int Successes, int Failures, int Partials)
{
    // Distinct tools a session tallies; uses of further tools count under "other".
    public const int MaxTools = 50;

    // (successes + half the partial uses) / rated uses, rounded to 4 places; null when no use was rated.
    public double? SuccessRate => Successes + Failures + Partials == 0 ? null : Math.Round((Successes + 0.5 * Partials) / (Successes + Failures + Partials), 4);

    // The tally with one more use of tool that turned out as outcome.
    public static IReadOnlyList<ToolReport> Tally(IReadOnlyList<ToolReport> tools, string tool, MemoryOutcomes outcome)
    {
        var name = tools.Count >= MaxTools && tools.All(t => t.Name != tool) ? "other" : tool;
        var current = tools.FirstOrDefault(t => t.Name == name) ?? new ToolReport(name, 0, 0, 0, 0);
        var next = current with
        {
            Uses = current.Uses + 1, Successes = current.Successes + outcome.Success, Failures = current.Failures + outcome.Failure, Partials = current.Partials + outcome.Partial,
        };
        return [.. tools.Where(t => t.Name != name), next];
    }
}

// Where the session's observations went when it ended.
public sealed record RingCounts(int Procedures, int Practice, int LongTerm, int Shocks, int Reinforced)
{
    public static readonly RingCounts None = new(0, 0, 0, 0, 0);

    public RingCounts Add(CurateResult result) => result.Reinforced
        ? this with { Reinforced = Reinforced + 1 }
        : result.Ring switch
        {
            Rings.Procedures => this with { Procedures = Procedures + 1 },
            Rings.Practice => this with { Practice = Practice + 1 },
            Rings.LongTerm => this with { LongTerm = LongTerm + 1 },
            Rings.Shocks => this with { Shocks = Shocks + 1 },
            _ => this,
        };
}
