namespace Cairn.Jobs;

// The report of one run: what it did, how it ended, and its log lines.
public sealed record JobRun(
    string Job,
    JobTrigger Trigger,
    JobRunStatus Status,
    JobFailure? Failure,
    bool IsPastDue,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    bool Finished,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<string> Log,
    string? Error);

public enum JobRunStatus
{
    Succeeded,
    Failed,

    // Not run: a run of the same job was still in progress in this instance.
    Skipped,
}

public enum JobFailure
{
    // Expected to clear by itself; the next occurrence will likely succeed.
    Transient,

    // Will fail again until someone fixes code, data or configuration.
    Permanent,
}
