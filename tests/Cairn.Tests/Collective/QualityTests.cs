using Cairn.Collective.Experiences;

namespace Cairn.Tests.Collective;

[Trait("Storage", "None")]
public sealed class QualityTests
{
    [Theory]
    // Hand-computed Wilson lower bounds at z = 1.96.
    [InlineData(0, 0, 0.0)]
    [InlineData(1, 1, 0.20654)]
    [InlineData(1, 2, 0.09453)]
    [InlineData(0, 5, 0.0)]
    [InlineData(90, 100, 0.82563)]
    [InlineData(5, 10, 0.23659)]
    public void WilsonLowerBoundMatchesHandComputedValues(long positive, long total, double expected)
    {
        Assert.Equal(expected, Quality.WilsonLowerBound(positive, total), 4);
    }

    [Fact]
    public void QualityWeighsOutcomesSevenTenthsAndVotesThreeTenths()
    {
        var stats = new ExperienceStats(SuccessCount: 90, FailureCount: 10, Upvotes: 1, Downvotes: 0);

        Assert.Equal(0.7 * 0.82563 + 0.3 * 0.20654, Quality.Score(stats), 4);
        Assert.Equal(0.9, Quality.SuccessRate(stats));
    }

    [Fact]
    public void NoReportsMeansNoSuccessRateAndZeroQuality()
    {
        Assert.Null(Quality.SuccessRate(new ExperienceStats()));
        Assert.Equal(0, Quality.Score(new ExperienceStats()));
    }

    [Theory]
    [InlineData(3, 0, true)]
    [InlineData(2, 0, false)]
    [InlineData(5, 1, false)]
    public void ThreeFailuresWithoutSuccessQuarantine(long failures, long successes, bool quarantined)
    {
        Assert.Equal(quarantined, Quality.IsQuarantined(new ExperienceStats(SuccessCount: successes, FailureCount: failures)));
    }
}
