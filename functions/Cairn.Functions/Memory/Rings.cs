namespace Cairn.Memory;

/// <summary>Where a memory sits: the observation buffer, then one of four rings (docs/memory.md, "Rings").</summary>
public static class Rings
{
    /// <summary>New observations, searchable at once, waiting for the classifier.</summary>
    public const string Buffer = "buffer";

    /// <summary>How to do things: steps, commands, tool use that worked.</summary>
    public const string Procedures = "procedures";

    /// <summary>Habits and lessons: what to prefer, what to avoid.</summary>
    public const string Practice = "practice";

    /// <summary>Facts, preferences, decisions, promoted session summaries.</summary>
    public const string LongTerm = "long_term";

    /// <summary>Severe failures and surprises; they never decay.</summary>
    public const string Shocks = "shocks";

    public static readonly string[] All = [Buffer, Procedures, Practice, LongTerm, Shocks];

    /// <summary>The rings a classifier may choose.</summary>
    public static readonly string[] Classified = [Procedures, Practice, LongTerm, Shocks];
}

/// <summary>Decay stages, each with its token target (docs/memory.md, "Decay").</summary>
public static class Stages
{
    public const string Full = "full";
    public const string Compressed = "compressed";
    public const string Summary = "summary";
    public const string Essence = "essence";
    public const string Forgotten = "forgotten";

    public static readonly string[] Living = [Full, Compressed, Summary, Essence];
}

/// <summary>What an observation says about how things went; neutral (or none) does not count towards success rates.</summary>
public static class ObservationOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Partial = "partial";
    public const string Neutral = "neutral";

    public static readonly string[] All = [Success, Failure, Partial, Neutral];
}

/// <summary>Type hints an observer may give; the first group names a ring outright, the rest leave it to the rules.</summary>
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
