using Cairn.Jobs;
using Cairn.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Jobs;

// A JobScheduler with probe jobs on a fake clock, outside any web host.
public sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SchedulerHarness(FakeClock clock, IReadOnlyDictionary<string, string?> settings, JobOptions options, (string Name, string Schedule)[] jobs)
    {
        Clock = clock;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<Probe>();
        services.AddSingleton<JobRegistry>();
        services.AddMetrics();
        services.AddSingleton<Cairn.Telemetry.CairnTelemetry>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobScheduler>();
        foreach (var (name, schedule) in jobs)
        {
            services.AddJob<ProbeJob>(name, schedule);
        }
        _services = services.BuildServiceProvider();
        JobCount = jobs.Length;
    }

    public FakeClock Clock { get; }

    public int JobCount { get; }

    public Probe Probe => _services.GetRequiredService<Probe>();

    public JobScheduler Scheduler => _services.GetRequiredService<JobScheduler>();

    public static Task<SchedulerHarness> StartAsync(DateTimeOffset now, params (string Name, string Schedule)[] jobs) =>
        StartAsync(now, new Dictionary<string, string?>(), new JobOptions(), jobs);

    public static async Task<SchedulerHarness> StartAsync(
        DateTimeOffset now, IReadOnlyDictionary<string, string?> settings, JobOptions options, params (string Name, string Schedule)[] jobs)
    {
        var harness = new SchedulerHarness(new FakeClock(now), settings, options, jobs);
        await harness.Scheduler.StartAsync(CancellationToken.None);
        return harness;
    }

    // Fires each timer the scheduler arms, in order, up to and including until, waiting after each for every job to be
    // waiting again; returns the runs so far. Wake-ups that run nothing (long waits) are included.
    public async Task<IReadOnlyList<ProbeRun>> AdvanceThroughAsync(DateTimeOffset until)
    {
        for (var due = await Clock.NextTimerAsync(JobCount); due <= until; due = await Clock.NextTimerAsync(JobCount))
        {
            Clock.SetUtcNow(due);
        }
        return Probe.Runs;
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
