namespace Cairn.Memory;

// Where a memory sits: the observation buffer, then one of four rings (docs/memory.md, "Rings").
public static class Rings
{
    // New observations, searchable at once, waiting for the classifier.
    public const string Buffer = "buffer";

    // How to do things: steps, commands, tool use that worked.
    public const string Procedures = "procedures";

    // Habits and lessons: what to prefer, what to avoid.
    public const string Practice = "practice";

    // Facts, preferences, decisions, promoted session summaries.
    public const string LongTerm = "long_term";

    // Severe failures and surprises; they never decay.
    public const string Shocks = "shocks";

    public static readonly string[] All = [Buffer, Procedures, Practice, LongTerm, Shocks];

    public static readonly string[] Classified = [Procedures, Practice, LongTerm, Shocks];
}

// Decay stages, each with its token target (docs/memory.md, "Decay").
public static class Stages
{
    public const string Full = "full";
    public const string Compressed = "compressed";
    public const string Summary = "summary";
    public const string Essence = "essence";
    public const string Forgotten = "forgotten";

    public static readonly string[] Living = [Full, Compressed, Summary, Essence];
}

// What an observation says about how things went; neutral (or none) does not count towards success rates.
public static class ObservationOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Partial = "partial";
    public const string Neutral = "neutral";

    public static readonly string[] All = [Success, Failure, Partial, Neutral];
}

// Type hints an observer may give; the first group names a ring outright, the rest leave it to the rules.
public static class ObservationTypes
{
    public static readonly IReadOnlyDictionary<string, string?> Rings = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["procedure"] = Memory.Rings.Procedures,
        ["practice"] = Memory.Rings.Practice,
        ["lesson"] = Memory.Rings.Practice,
        ["fact"] = Memory.Rings.LongTerm,
        ["preference"] = Memory.Rings.LongTerm,
        ["decision"] = Memory.Rings.LongTerm,
        ["insight"] = Memory.Rings.LongTerm,
        ["shock"] = Memory.Rings.Shocks,
        ["incident"] = Memory.Rings.Shocks,
        ["observation"] = null,
        ["note"] = null,
        ["error"] = null,
        ["tool_call"] = null,
    };

    public static readonly string[] All = [.. Rings.Keys];
}
