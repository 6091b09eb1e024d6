using Cairn.Jobs;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Jobs;

[Trait("Storage", "None")]
public sealed class JobRunnerTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new();
    private readonly ServiceProvider _services;

    public JobRunnerTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(Options.Create(new JobOptions { RunBudget = TimeSpan.FromMinutes(2) }));
        services.AddSingleton<Probe>();
        services.AddSingleton<JobRegistry>();
        services.AddMetrics();
        services.AddSingleton<Cairn.Telemetry.CairnTelemetry>();
        services.AddSingleton<JobRunner>();
        services.AddJob<ProbeJob>("probe", "0 0 * * * *");
        _services = services.BuildServiceProvider();
    }

    private Probe Probe => _services.GetRequiredService<Probe>();

    private Task<JobRun> RunAsync(JobTrigger trigger = JobTrigger.Admin, bool isPastDue = false, CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<JobRunner>().RunAsync(_services.GetRequiredService<JobRegistry>().Find("probe")!, trigger, isPastDue, cancellationToken);

    [Fact]
    public async Task ASuccessfulRunReportsItsCountsLogAndTimes()
    {
        Probe.On("probe", (context, _) =>
        {
            context.Log("Did the thing.");
            _clock.Advance(TimeSpan.FromSeconds(3));
            return Task.FromResult(JobResult.Done(new Dictionary<string, long> { ["things"] = 7 }));
        });

        var run = await RunAsync(JobTrigger.FunctionsHost, isPastDue: true);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Assert.Null(run.Failure);
        Assert.True(run.Finished);
        Assert.True(run.IsPastDue);
        Assert.Equal(JobTrigger.FunctionsHost, run.Trigger);
        Assert.Equal(7, run.Counts["things"]);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-3), run.StartedAt);
        Assert.Equal(_clock.GetUtcNow(), run.CompletedAt);
        Assert.Equal(
            ["Started by the Functions host's timer, past due (a scheduled occurrence was missed).", "Did the thing.", "Succeeded in 3 s."],
            run.Log);
    }

    [Fact]
    public async Task EveryRunIsCountedByJobTriggerAndStatusWithItsDuration()
    {
        var recorded = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        var factory = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        // Only this provider's meter: other tests record on their own, in parallel.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name.StartsWith("cairn.job.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => recorded.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => recorded.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        Probe.On("probe", (_, _) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(3));
            return Task.FromResult(JobResult.Done());
        });

        await RunAsync(JobTrigger.Scheduler);

        var count = Assert.Single(recorded, r => r.Instrument == "cairn.job.runs");
        Assert.Equal(1, count.Value);
        Assert.Equal("probe", count.Tags["cairn.job"]);
        Assert.Equal("Scheduler", count.Tags["cairn.job.trigger"]);
        Assert.Equal("Succeeded", count.Tags["cairn.job.status"]);
        Assert.Equal(3, Assert.Single(recorded, r => r.Instrument == "cairn.job.duration").Value);
    }

    [Fact]
    public async Task ARunThatStopsAtItsBudgetSucceedsAndSaysTheNextRunContinues()
    {
        Probe.On("probe", (context, _) =>
        {
            Assert.Equal(context.StartedAt + TimeSpan.FromMinutes(2), context.Deadline);
            Assert.False(context.BudgetExhausted);
            _clock.Advance(TimeSpan.FromMinutes(2));
            Assert.True(context.BudgetExhausted);
            return Task.FromResult(JobResult.MoreRemaining());
        });

        var run = await RunAsync();

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Assert.False(run.Finished);
        Assert.Contains(run.Log, line => line.Contains("with work remaining; the next run continues", StringComparison.Ordinal));
    }

    public static TheoryData<Exception, JobFailure> Failures => new()
    {
        { new TransientJobException("lock timeout"), JobFailure.Transient },
        { new StorageUnavailableException("PostgreSQL is not reachable.", new IOException()), JobFailure.Transient },
        { new TimeoutException("slow"), JobFailure.Transient },
        { new InvalidOperationException("bad data"), JobFailure.Permanent },
        { new OperationCanceledException("cancelled by the job itself"), JobFailure.Permanent },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AFailureIsReportedAsTransientOrPermanentWithWhatWentWrong(Exception exception, JobFailure expected)
    {
        Probe.On("probe", (context, _) =>
        {
            context.Log("Deleted 1000 in batch 1.");
            throw exception;
        });

        var run = await RunAsync();

        Assert.Equal(JobRunStatus.Failed, run.Status);
        Assert.Equal(expected, run.Failure);
        Assert.Equal(exception.Message, run.Error);
        Assert.Equal("Deleted 1000 in batch 1.", run.Log[1]);
        Assert.Equal($"Failed ({expected.ToString().ToLowerInvariant()}): {exception.Message}", run.Log[^1]);
    }

    [Fact]
    public async Task ARunCancelledByItsCallerIsATransientFailure()
    {
        using var cancel = new CancellationTokenSource();
        Probe.On("probe", async (_, cancellationToken) =>
        {
            await cancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return JobResult.Done();
        });

        var run = await RunAsync(cancellationToken: cancel.Token);

        Assert.Equal(JobFailure.Transient, run.Failure);
        Assert.Contains("cancelled", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondRunWhileTheFirstIsInProgressIsSkippedAndTheJobIsFreeAgainAfterwards()
    {
        var release = new TaskCompletionSource<JobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Probe.On("probe", (_, _) => release.Task);
        var first = RunAsync();

        var second = await RunAsync();
        release.SetResult(JobResult.Done());
        await first;
        Probe.On("probe", (_, _) => Task.FromResult(JobResult.Done()));
        var third = await RunAsync();

        Assert.Equal(JobRunStatus.Skipped, second.Status);
        Assert.StartsWith("Skipped: a run of this job is still in progress", second.Log.Single(), StringComparison.Ordinal);
        Assert.Equal(JobRunStatus.Succeeded, (await first).Status);
        Assert.Equal(JobRunStatus.Succeeded, third.Status);
        Assert.Equal(2, Probe.Runs.Count);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
