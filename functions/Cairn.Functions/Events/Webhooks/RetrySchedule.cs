namespace Cairn.Events.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential-ish steps (the first within 30 s), then given up on once the
/// next try would fall more than <see cref="Window"/> after the first. No jitter: deliveries are already spread by
/// when their events happened, and a fixed schedule is one receivers can plan for (docs/events.md).
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>The wait after the n-th failed attempt (index 0 = after the first).</summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(8), TimeSpan.FromHours(8),
    ];

    /// <summary>When to try next after <paramref name="failedAttempts"/> failures, or null to give up.</summary>
    public static DateTimeOffset? Next(int failedAttempts, DateTimeOffset firstAttempt, DateTimeOffset now)
    {
        if (failedAttempts < 1 || failedAttempts > Delays.Count)
        {
            return null;
        }
        var next = now + Delays[failedAttempts - 1];
        return next - firstAttempt <= Window ? next : null;
    }
}
