namespace Cairn.Memory;

// The decay rules, pure (docs/memory.md, "Decay"). A memory leaves a stage when the time since its timer started
// (creation, or the last access) reaches the stage's threshold times its modifier: FULL at 7 days, COMPRESSED at 30,
// SUMMARY at 90, ESSENCE at 365 (then it is forgotten). Shocks never decay.
public static class Decay
{
    // Accesses beyond this add nothing: the access modifier tops out at 3×.
    public const int MaxCountedAccesses = 8;

    // Time since the timer started at which a memory leaves stage, before modifiers.
    public static TimeSpan Threshold(string stage) => stage switch
    {
        Stages.Full => TimeSpan.FromDays(7),
        Stages.Compressed => TimeSpan.FromDays(30),
        Stages.Summary => TimeSpan.FromDays(90),
        Stages.Essence => TimeSpan.FromDays(365),
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Not a living stage."),
    };

    // The stage's size target, in tokens (Tokens). FULL is nominal: the text is kept as observed.
    public static int TargetTokens(string stage) => stage switch
    {
        Stages.Full => 500,
        Stages.Compressed => 250,
        Stages.Summary => 150,
        Stages.Essence => 50,
        _ => 0,
    };

    public static string Next(string stage) => stage switch
    {
        Stages.Full => Stages.Compressed,
        Stages.Compressed => Stages.Summary,
        Stages.Summary => Stages.Essence,
        _ => Stages.Forgotten,
    };

    // Frequently accessed memories decay slower: 1 + 0.25 per access (layer-3 reads and reinforcements), at most 3.
    public static double AccessFactor(int accessCount) => 1 + 0.25 * Math.Min(Math.Max(accessCount, 0), MaxCountedAccesses);

    // Low success decays faster: a success rate s below 0.5 multiplies time by 0.5 + s; otherwise (or unrated) 1.
    public static double SuccessFactor(double? successRate) => successRate is { } s && s < 0.5 ? 0.5 + s : 1.0;

    // The multiplier of every threshold: above 1 the memory lasts longer, below 1 it fades sooner.
    public static double Modifier(MemoryItem memory) => AccessFactor(memory.AccessCount) * SuccessFactor(memory.Outcomes.SuccessRate);

    // When the memory next needs the decay job: its stage change, its classification (buffer), or never (shocks).
    public static DateTimeOffset DueAt(MemoryItem memory, TimeSpan bufferTtl) => memory.Ring switch
    {
        Rings.Shocks => MemoryDates.Never,
        Rings.Buffer => memory.CreatedAt + bufferTtl,
        _ => StageEndsAt(memory.DecayAnchorAt, memory.Stage, Modifier(memory)),
    };

    public static DateTimeOffset StageEndsAt(DateTimeOffset anchor, string stage, double modifier) =>
        anchor + TimeSpan.FromTicks((long)Math.Round(Threshold(stage).Ticks * modifier));

    // The stage the memory should be in at now (possibly several stages on, or forgotten).
    public static string StageAt(MemoryItem memory, DateTimeOffset now)
    {
        if (memory.Ring is Rings.Shocks or Rings.Buffer)
        {
            return memory.Stage;
        }
        var modifier = Modifier(memory);
        var stage = memory.Stage;
        while (stage != Stages.Forgotten && now >= StageEndsAt(memory.DecayAnchorAt, stage, modifier))
        {
            stage = Next(stage);
        }
        return stage;
    }

    // What a memory is worth keeping when its ring is full (the lowest goes first): (1 + reinforcements) × access
    // modifier × (0.5 + success rate, unrated 0.5) × stage weight (full 1, compressed 0.75, summary 0.5, essence 0.25).
    public static double Value(MemoryItem memory)
    {
        var stageWeight = memory.Stage switch
        {
            Stages.Full => 1.0,
            Stages.Compressed => 0.75,
            Stages.Summary => 0.5,
            _ => 0.25,
        };
        var value = (1 + memory.Reinforcements) * AccessFactor(memory.AccessCount) * (0.5 + (memory.Outcomes.SuccessRate ?? 0.5)) * stageWeight;
        return Math.Round(value, 6);
    }

    // The memory with its value and due date brought up to date; call after any change.
    public static MemoryItem Refresh(MemoryItem memory, TimeSpan bufferTtl)
    {
        var valued = memory with { Value = Value(memory) };
        return valued with { DueAt = DueAt(valued, bufferTtl) };
    }
}
