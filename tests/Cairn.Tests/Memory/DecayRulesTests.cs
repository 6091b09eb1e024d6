using Cairn.Memory;

namespace Cairn.Tests.Memory;

// The decay formula, exactly as docs/memory.md states it.
[Trait("Storage", "None")]
public sealed class DecayRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 6.999, "full")]
    [InlineData(0, 7, "compressed")]
    [InlineData(0, 29.999, "compressed")]
    [InlineData(0, 30, "summary")]
    [InlineData(0, 90, "essence")]
    [InlineData(0, 364.999, "essence")]
    [InlineData(0, 365, "forgotten")]
    [InlineData(4, 13.999, "full")]      // 4 accesses: ×2
    [InlineData(4, 14, "compressed")]
    [InlineData(100, 20.999, "full")]    // capped at ×3
    [InlineData(100, 21, "compressed")]
    public void AMemoryLeavesEachStageAtItsThresholdTimesTheAccessModifier(int accesses, double days, string stage)
    {
        var memory = Memory(Rings.LongTerm, Stages.Full, accesses, MemoryOutcomes.None);

        Assert.Equal(stage, Decay.StageAt(memory, T0 + TimeSpan.FromDays(days)));
    }

    [Theory]
    [InlineData(0, 1, 0, 0.5)]   // all failures: twice as fast
    [InlineData(1, 3, 0, 0.75)]  // success rate 0.25
    [InlineData(1, 1, 0, 1.0)]   // 0.5 is not low
    [InlineData(3, 0, 0, 1.0)]
    [InlineData(0, 0, 0, 1.0)]   // unrated
    [InlineData(0, 1, 1, 0.75)]  // a partial counts half: (0 + 0.5) / 2 = 0.25
    public void LowSuccessShortensEveryThreshold(int successes, int failures, int partials, double expected)
    {
        var outcomes = new MemoryOutcomes(successes, failures, partials);

        Assert.Equal(expected, Decay.SuccessFactor(outcomes.SuccessRate), 1e-12);
    }

    [Fact]
    public void AFailedMemoryIsCompressedAfterThreeAndAHalfDays()
    {
        var memory = Memory(Rings.Practice, Stages.Full, 0, new MemoryOutcomes(0, 2, 0));

        Assert.Equal(T0 + TimeSpan.FromDays(3.5), Decay.DueAt(memory, TimeSpan.FromDays(1)));
        Assert.Equal("full", Decay.StageAt(memory, T0 + TimeSpan.FromDays(3.49)));
        Assert.Equal("compressed", Decay.StageAt(memory, T0 + TimeSpan.FromDays(3.5)));
    }

    [Fact]
    public void ShocksNeverDecayAndBufferedObservationsAreDueForClassification()
    {
        var shock = Memory(Rings.Shocks, Stages.Full, 0, new MemoryOutcomes(0, 5, 0));
        var buffered = Memory(Rings.Buffer, Stages.Full, 0, MemoryOutcomes.None);

        Assert.Equal(MemoryDates.Never, Decay.DueAt(shock, TimeSpan.FromDays(1)));
        Assert.Equal("full", Decay.StageAt(shock, T0 + TimeSpan.FromDays(10_000)));
        Assert.Equal(T0 + TimeSpan.FromHours(6), Decay.DueAt(buffered, TimeSpan.FromHours(6)));
    }

    [Fact]
    public void TheNextStageIsDueRelativeToTheLastAccess()
    {
        var accessed = Memory(Rings.LongTerm, Stages.Compressed, 1, MemoryOutcomes.None) with { DecayAnchorAt = T0 + TimeSpan.FromDays(20) };

        Assert.Equal(T0 + TimeSpan.FromDays(20 + 30 * 1.25), Decay.DueAt(accessed, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void ValueWeighsReinforcementAccessSuccessAndStage()
    {
        var plain = Memory(Rings.LongTerm, Stages.Full, 0, MemoryOutcomes.None);
        Assert.Equal(1.0, Decay.Value(plain));
        Assert.Equal(2 * 1.5 * 1.5 * 0.5, Decay.Value(plain with { Reinforcements = 1, AccessCount = 2, Outcomes = new(1, 0, 0), Stage = Stages.Summary }));
        Assert.Equal(0.5 * 0.25, Decay.Value(plain with { Outcomes = new(0, 1, 0), Stage = Stages.Essence }));
    }

    private static MemoryItem Memory(string ring, string stage, int accesses, MemoryOutcomes outcomes) =>
        new(Guid.NewGuid(), Guid.NewGuid(), null, ring, stage, MemorySources.Observation, null, null, "text", "text", "text", "text", 1, outcomes,
            0, accesses, T0, T0, null, T0, T0, T0, 1, false);
}
