namespace Cairn.Jobs;

// What a job knows about its run, and where it writes the log lines that the run reports.
public sealed class JobContext
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    internal JobContext(string job, JobTrigger trigger, bool isPastDue, TimeProvider clock, TimeSpan budget, ILogger logger)
    {
        Job = job;
        Trigger = trigger;
        IsPastDue = isPastDue;
        _clock = clock;
        _logger = logger;
        StartedAt = clock.GetUtcNow();
        Deadline = StartedAt + budget;
    }

    public string Job { get; }

    public JobTrigger Trigger { get; }

    // The run is later than its schedule said (a missed occurrence being caught up).
    public bool IsPastDue { get; }

    public DateTimeOffset StartedAt { get; }

    // After this, take no new batch: return MoreRemaining.
    public DateTimeOffset Deadline { get; }

    public bool BudgetExhausted => _clock.GetUtcNow() >= Deadline;

    // Records a line for the run's report and writes it to the application log.
    public void Log(string message)
    {
        lock (_gate)
        {
            _lines.Add(message);
        }
        _logger.LogInformation("Job {Job}: {Message}", Job, message);
    }

    internal IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }
}

public enum JobTrigger
{
    // The in-process scheduler (runs without the Functions host).
    Scheduler,

    // The Functions host's timer trigger, through POST /{name}.
    FunctionsHost,

    // An operator, through the admin endpoint.
    Admin,
}
