namespace Cairn.Jobs;

/// <summary>The report of one run: what it did, how it ended, and its log lines.</summary>
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

    /// <summary>Not run: a run of the same job was still in progress in this instance.</summary>
    Skipped,
}

public enum JobFailure
{
    /// <summary>Expected to clear by itself; the next occurrence will likely succeed.</summary>
    Transient,

    /// <summary>Will fail again until someone fixes code, data or configuration.</summary>
    Permanent,
}
