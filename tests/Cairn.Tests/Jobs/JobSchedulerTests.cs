using Cairn.Jobs;

namespace Cairn.Tests.Jobs;

public sealed class JobSchedulerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_ten_seconds_fires_on_each_multiple_of_ten()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("tick", "*/10 * * * * *"));

        var runs = await harness.AdvanceThroughAsync(Noon.AddMinutes(1));

        Assert.Equal([10, 20, 30, 40, 50, 60], runs.Select(r => (int)(r.At - Noon).TotalSeconds));
        Assert.All(runs, run => Assert.False(run.IsPastDue));
        Assert.All(runs, run => Assert.Equal(JobTrigger.Scheduler, run.Trigger));
    }

    [Fact]
    public async Task Nothing_fires_before_the_first_occurrence()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("tick", "*/10 * * * * *"));

        harness.Clock.SetUtcNow(Noon.AddSeconds(9.999));

        Assert.Empty(harness.Probe.Runs);
        Assert.Equal(Noon.AddSeconds(10), await harness.Clock.NextTimerAsync());
    }

    [Fact]
    public async Task Weekday_mornings_skip_the_weekend()
    {
        var friday = new DateTimeOffset(2026, 1, 9, 10, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(friday, ("standup", "0 30 9 * * MON-FRI"));

        var runs = await harness.AdvanceThroughAsync(friday.AddDays(5));

        Assert.Equal(
            [new(2026, 1, 12, 9, 30, 0, TimeSpan.Zero), new(2026, 1, 13, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 14, 9, 30, 0, TimeSpan.Zero)],
            runs.Select(r => r.At));
    }

    [Fact]
    public async Task The_31st_fires_only_in_months_that_have_one()
    {
        var newYear = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(newYear, ("month-end", "0 0 0 31 * *"));

        var runs = await harness.AdvanceThroughAsync(new DateTimeOffset(2026, 9, 30, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal([(1, 31), (3, 31), (5, 31), (7, 31), (8, 31)], runs.Select(r => (r.At.Month, r.At.Day)));
    }

    [Fact]
    public async Task Feb_29_waits_for_the_next_leap_year_across_many_long_waits()
    {
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(start, ("leap-day", "0 0 6 29 FEB *"));

        var runs = await harness.AdvanceThroughAsync(new DateTimeOffset(2032, 12, 31, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal([new(2028, 2, 29, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2032, 2, 29, 6, 0, 0, TimeSpan.Zero)], runs.Select(r => r.At));
    }

    [Fact]
    public async Task Jobs_on_different_schedules_fire_independently()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("fast", "*/20 * * * * *"), ("slow", "0 * * * * *"));

        var runs = await harness.AdvanceThroughAsync(Noon.AddMinutes(1));

        Assert.Equal([20, 40, 60], runs.Where(r => r.Job == "fast").Select(r => (int)(r.At - Noon).TotalSeconds));
        Assert.Equal([60], runs.Where(r => r.Job == "slow").Select(r => (int)(r.At - Noon).TotalSeconds));
    }

    [Fact]
    public async Task A_run_that_overruns_is_never_overlapped_and_the_missed_occurrences_become_one_past_due_run()
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
    public async Task A_failing_job_keeps_its_schedule_and_the_scheduler_keeps_running()
    {
        await using var harness = await SchedulerHarness.StartAsync(Noon, ("flaky", "*/10 * * * * *"));
        harness.Probe.On("flaky", (_, _) => throw new InvalidOperationException("boom"));

        var runs = await harness.AdvanceThroughAsync(Noon.AddSeconds(30));

        Assert.Equal(3, runs.Count);
        Assert.False(harness.Scheduler.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task The_scheduler_is_off_under_the_Functions_host()
    {
        var settings = new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "40123" };
        await using var harness = await SchedulerHarness.StartAsync(Noon, settings, new JobOptions(), ("tick", "*/10 * * * * *"));

        await harness.Scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Clock.SetUtcNow(Noon.AddMinutes(5));

        Assert.Equal(0, harness.Clock.ArmedTimers);
        Assert.Empty(harness.Probe.Runs);
    }

    [Fact]
    public async Task The_scheduler_is_off_when_disabled_by_option()
    {
        var options = new JobOptions { SchedulerEnabled = false };
        await using var harness = await SchedulerHarness.StartAsync(Noon, new Dictionary<string, string?>(), options, ("tick", "*/10 * * * * *"));

        await harness.Scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        harness.Clock.SetUtcNow(Noon.AddMinutes(5));

        Assert.Equal(0, harness.Clock.ArmedTimers);
        Assert.Empty(harness.Probe.Runs);
    }

    [Fact]
    public async Task Stopping_cancels_the_waits_and_a_running_job()
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
