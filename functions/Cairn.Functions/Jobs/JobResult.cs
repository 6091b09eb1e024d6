namespace Cairn.Jobs;

// What a run achieved: whether the work is done for now, and counts of what it did (e.g. deleted).
public sealed record JobResult(bool Finished, IReadOnlyDictionary<string, long> Counts)
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    // Nothing is left to do until the next occurrence.
    public static JobResult Done(IReadOnlyDictionary<string, long>? counts = null) => new(true, counts ?? None);

    // The run stopped at its time budget with work left; the next run picks it up.
    public static JobResult MoreRemaining(IReadOnlyDictionary<string, long>? counts = null) => new(false, counts ?? None);
}

// A failure that is expected to go away by itself (the database is briefly unreachable, a lock timed out).
public sealed class TransientJobException(string message, Exception? inner = null) : Exception(message, inner);
