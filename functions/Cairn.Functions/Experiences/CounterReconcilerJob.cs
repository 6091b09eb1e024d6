using Cairn.Jobs;
using Cairn.Sessions;
using Cairn.Storage;

namespace Cairn.Experiences;

/// <summary>
/// Repairs counters that a crash or exhausted retries left behind their records: every experience with an outcome or
/// vote, and every session with an entry, written since the last run (less an overlap for writes still in flight)
/// is recounted from its records. Recounting is idempotent, so overlapping or repeated runs are harmless.
/// </summary>
public sealed class CounterReconcilerJob(IDocumentStore store, ExperienceCounters counters, SessionService sessions, TimeProvider clock) : IJob
{
    public const string Name = "counter-reconciler";

    /// <summary>Records stamped up to this long before the last run's start may have landed after it read.</summary>
    internal static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    private const string CheckpointPartition = "reconciler";
    private const string CheckpointId = "counters";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var checkpoint = await store.ReadAsync<ReconcilerCheckpoint>(Containers.Experiences, CheckpointPartition, CheckpointId, cancellationToken);
        var since = checkpoint is null ? DateTimeOffset.UnixEpoch : checkpoint.Body.ReconciledThrough - Overlap;

        var experiences = await PartitionsWithRecordsAsync(Containers.Experiences, ["outcome", "vote"], since, cancellationToken);
        var sessionIds = await PartitionsWithRecordsAsync(Containers.Sessions, ["entry"], since, cancellationToken);
        long repaired = 0, checkedCount = 0;
        foreach (var id in experiences)
        {
            if (context.BudgetExhausted)
            {
                return Stop(context, checkedCount, repaired);
            }
            if (Guid.TryParse(id, out var experienceId) && await store.ReadAsync<Experience>(Containers.Experiences, id, id, cancellationToken) is not null)
            {
                repaired += (await counters.SyncAsync(experienceId, cancellationToken)).Changed ? 1 : 0;
                checkedCount++;
            }
        }
        foreach (var id in sessionIds)
        {
            if (context.BudgetExhausted)
            {
                return Stop(context, checkedCount, repaired);
            }
            if (Guid.TryParse(id, out var sessionId))
            {
                repaired += await sessions.SyncEntryCountAsync(sessionId, cancellationToken) ? 1 : 0;
                checkedCount++;
            }
        }
        await store.UpsertAsync(Containers.Experiences, CheckpointPartition, CheckpointId, new ReconcilerCheckpoint(startedAt), null, cancellationToken);
        context.Log($"recounted {checkedCount} experience(s) and session(s) with records since {since:O}; repaired {repaired}");
        return JobResult.Done(new Dictionary<string, long> { ["checked"] = checkedCount, ["repaired"] = repaired });
    }

    private static JobResult Stop(JobContext context, long checkedCount, long repaired)
    {
        // The checkpoint stays where it was, so the next run looks at the same records again.
        context.Log($"budget spent after {checkedCount} recount(s); repaired {repaired}; the next run continues");
        return JobResult.MoreRemaining(new Dictionary<string, long> { ["checked"] = checkedCount, ["repaired"] = repaired });
    }

    /// <summary>The partitions holding records of these kinds stamped at or after <paramref name="since"/> (a job's cross-partition query).</summary>
    private async Task<IReadOnlyCollection<string>> PartitionsWithRecordsAsync(string container, IReadOnlyList<object> kinds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<RecordStamp>(new DocumentQuery(container)
            {
                Filters = [Filter.In("kind", kinds), Filter.Compare("created_at", ComparisonOperator.GreaterThanOrEqual, since)],
                Limit = 500,
                ContinuationToken = continuation,
            }, cancellationToken);
            partitions.UnionWith(page.Items.Select(i => i.PartitionKey));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return partitions;
    }

    private sealed record RecordStamp(DateTimeOffset CreatedAt);
}

/// <summary>Where the counter reconciler got to: the start of its last finished run.</summary>
public sealed record ReconcilerCheckpoint(DateTimeOffset ReconciledThrough)
{
    public string Kind { get; } = "checkpoint";
}
