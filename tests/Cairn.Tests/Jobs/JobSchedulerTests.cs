using Cairn.Jobs;

namespace Cairn.Tests.Jobs;

[Trait("Storage", "None")]
public sealed class JobSchedulerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryTenSecondsFiresOnEachMultipleOfTen()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("tick", "*/10 * * * * *"));

        var runs = await harness.AdvanceThroughAsync(Noon.AddMinutes(1));

        Assert.Equal([10, 20, 30, 40, 50, 60], runs.Select(r => (int)(r.At - Noon).TotalSeconds));
        Assert.All(runs, run => Assert.False(run.IsPastDue));
        Assert.All(runs, run => Assert.Equal(JobTrigger.Scheduler, run.Trigger));
    }

    [Fact]
    public async Task NothingFiresBeforeTheFirstOccurrence()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("tick", "*/10 * * * * *"));

        harness.Clock.SetUtcNow(Noon.AddSeconds(9.999));

        Assert.Empty(harness.Probe.Runs);
        Assert.Equal(Noon.AddSeconds(10), await harness.Clock.NextTimerAsync());
    }

    [Fact]
    public async Task WeekdayMorningsSkipTheWeekend()
    {
        var friday = new DateTimeOffset(2026, 1, 9, 10, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(friday, ("standup", "0 30 9 * * MON-FRI"));

        var runs = await harness.AdvanceThroughAsync(friday.AddDays(5));

        Assert.Equal(
            [new(2026, 1, 12, 9, 30, 0, TimeSpan.Zero), new(2026, 1, 13, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 14, 9, 30, 0, TimeSpan.Zero)],
            runs.Select(r => r.At));
    }

    [Fact]
    public async Task The31stFiresOnlyInMonthsThatHaveOne()
    {
        var newYear = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(newYear, ("month-end", "0 0 0 31 * *"));

        var runs = await harness.AdvanceThroughAsync(new DateTimeOffset(2026, 9, 30, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal([(1, 31), (3, 31), (5, 31), (7, 31), (8, 31)], runs.Select(r => (r.At.Month, r.At.Day)));
    }

    [Fact]
    public async Task Feb29WaitsForTheNextLeapYearAcrossManyLongWaits()
    {
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(start, ("leap-day", "0 0 6 29 FEB *"));

        var runs = await harness.AdvanceThroughAsync(new DateTimeOffset(2032, 12, 31, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal([new(2028, 2, 29, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2032, 2, 29, 6, 0, 0, TimeSpan.Zero)], runs.Select(r => r.At));
    }

    [Fact]
    public async Task JobsOnDifferentSchedulesFireIndependently()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("fast", "*/20 * * * * *"), ("slow", "0 * * * * *"));

        var runs = await harness.AdvanceThroughAsync(Noon.AddMinutes(1));

        Assert.Equal([20, 40, 60], runs.Where(r => r.Job == "fast").Select(r => (int)(r.At - Noon).TotalSeconds));
        Assert.Equal([60], runs.Where(r => r.Job == "slow").Select(r => (int)(r.At - Noon).TotalSeconds));
    }

    [Fact]
    public async Task ARunThatOverrunsIsNeverOverlappedAndTheMissedOccurrencesBecomeOnePastDueRun()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("slow", "*/10 * * * * *"));
        var release = new TaskCompletionSource<JobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        harness.Probe.On("slow", (_, _) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return Task.FromResult(JobResult.Done());
            }
            started.SetResult();
            return release.Task;
        });

        harness.Clock.SetUtcNow(await harness.Clock.NextTimerAsync());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // :20, :30 and :40 pass while the first run is still going.
        harness.Clock.SetUtcNow(Noon.AddSeconds(45));
        Assert.Equal(0, harness.Clock.ArmedTimers);
        release.SetResult(JobResult.Done());
        var next = await harness.Clock.NextTimerAsync();

        Assert.Equal(Noon.AddSeconds(50), next);
        Assert.Equal([(Noon.AddSeconds(10), false), (Noon.AddSeconds(45), true)], harness.Probe.Runs.Select(r => (r.At, r.IsPastDue)));
        Assert.Equal(1, harness.Probe.MaxConcurrent);
    }

    [Fact]
    public async Task AFailingJobKeepsItsScheduleAndTheSchedulerKeepsRunning()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("flaky", "*/10 * * * * *"));
        harness.Probe.On("flaky", (_, _) => throw new InvalidOperationException("boom"));

        var runs = await harness.AdvanceThroughAsync(Noon.AddSeconds(30));

        Assert.Equal(3, runs.Count);
        Assert.False(harness.Scheduler.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task TheSchedulerIsOffUnderTheFunctionsHost()
    {
        var settings = new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "40123" };
        await using var harness = await SchedulerHarness.StartAsync(Noon, settings, new JobOptions(), ("tick", "*/10 * * * * *"));

        await harness.Scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Clock.SetUtcNow(Noon.AddMinutes(5));

        Assert.Equal(0, harness.Clock.ArmedTimers);
        Assert.Empty(harness.Probe.Runs);
    }

    [Fact]
    public async Task TheSchedulerIsOffWhenDisabledByOption()
    {
        var options = new JobOptions { SchedulerEnabled = false };
        await using var harness = await SchedulerHarness.StartAsync(Noon, new Dictionary<string, string?>(), options, ("tick", "*/10 * * * * *"));

        await harness.Scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Clock.SetUtcNow(Noon.AddMinutes(5));

        Assert.Equal(0, harness.Clock.ArmedTimers);
        Assert.Empty(harness.Probe.Runs);
    }

    [Fact]
    public async Task StoppingCancelsTheWaitsAndARunningJob()
    {
        var harness = await SchedulerHarness.StartAsync(Noon, ("waiting", "*/10 * * * * *"), ("busy", "*/5 * * * * *"));
        harness.Probe.On("busy", async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return JobResult.Done();
        });
        harness.Clock.SetUtcNow(await harness.Clock.NextTimerAsync(2));

        await harness.Scheduler.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(harness.Scheduler.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, harness.Clock.ArmedTimers);
        await harness.DisposeAsync();
    }
}
