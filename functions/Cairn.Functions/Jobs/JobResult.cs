namespace Cairn.Jobs;

/// <summary>What a run achieved: whether the work is done for now, and counts of what it did (e.g. <c>deleted</c>).</summary>
public sealed record JobResult(bool Finished, IReadOnlyDictionary<string, long> Counts)
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    /// <summary>Nothing is left to do until the next occurrence.</summary>
    public static JobResult Done(IReadOnlyDictionary<string, long>? counts = null) => new(true, counts ?? None);

    /// <summary>The run stopped at its time budget with work left; the next run picks it up.</summary>
    public static JobResult MoreRemaining(IReadOnlyDictionary<string, long>? counts = null) => new(false, counts ?? None);
}

/// <summary>A failure that is expected to go away by itself (the database is briefly unreachable, a lock timed out).</summary>
public sealed class TransientJobException(string message, Exception? inner = null) : Exception(message, inner);
