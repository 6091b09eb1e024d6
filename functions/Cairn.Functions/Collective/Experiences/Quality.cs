namespace Cairn.Collective.Experiences;

// How much to trust an experience: 0.7 · Wilson(successes, reports) + 0.3 · Wilson(upvotes, votes), z = 1.96. The
// Wilson lower bound rewards evidence: 1 success of 1 scores far below 90 of 100.
public static class Quality
{
    private const double Z = 1.96;

    // Experiences with this many failures and no success are hidden from search by default.
    public const int QuarantineFailures = 3;

    public static double WilsonLowerBound(long positive, long total)
    {
        if (total <= 0)
        {
            return 0;
        }
        // Counters are derived from records and never negative; the clamp keeps a damaged document from yielding NaN.
        positive = Math.Clamp(positive, 0, total);
        var p = (double)positive / total;
        var z2 = Z * Z;
        var centre = p + z2 / (2 * total);
        var margin = Z * Math.Sqrt((p * (1 - p) + z2 / (4 * total)) / total);
        return Math.Max(0, (centre - margin) / (1 + z2 / total));
    }

    public static double Score(ExperienceStats stats)
    {
        long success = Math.Max(0, stats.SuccessCount), failure = Math.Max(0, stats.FailureCount), up = Math.Max(0, stats.Upvotes), down = Math.Max(0, stats.Downvotes);
        return 0.7 * WilsonLowerBound(success, success + failure) + 0.3 * WilsonLowerBound(up, up + down);
    }

    public static double? SuccessRate(ExperienceStats stats) =>
        stats.TotalReports == 0 ? null : (double)stats.SuccessCount / stats.TotalReports;

    public static bool IsQuarantined(ExperienceStats stats) =>
        stats.FailureCount >= QuarantineFailures && stats.SuccessCount == 0;
}

// Counters kept on the experience document, recounted from its records (ExperienceCounters).
public sealed record ExperienceStats(long SuccessCount = 0, long FailureCount = 0, long Upvotes = 0, long Downvotes = 0)
{
    public long TotalReports => SuccessCount + FailureCount;
}
