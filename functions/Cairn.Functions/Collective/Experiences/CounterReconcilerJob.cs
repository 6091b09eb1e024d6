using Cairn.Collective.Sessions;
using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Collective.Experiences;

// Repairs counters that a crash or exhausted retries left behind their records: every experience with an outcome or
// vote, and every session with an entry, stamped since the last run (less an overlap for writes still in flight) is
// recounted from its records, oldest records first, with the checkpoint advanced page by page so a run that spends its
// budget resumes where it stopped. Recounting is idempotent, so overlapping or repeated runs are harmless.
public sealed class CounterReconcilerJob(IDocumentStore store, ExperienceCounters counters, SessionService sessions, TimeProvider clock) : IJob
{
    public const string Name = "counter-reconciler";

    // Records stamped up to this long before the checkpoint may have landed after it was taken.
    internal static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    private const int PageSize = 200;
    private const string CheckpointPartition = "reconciler";
    private const string CheckpointId = "counters";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var checkpoint = (await store.ReadAsync<ReconcilerCheckpoint>(Containers.Experiences, CheckpointPartition, CheckpointId, cancellationToken))?.Body
            ?? new ReconcilerCheckpoint(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var tally = new Tally();

        var experiencesThrough = await SweepAsync(context, Containers.Experiences, ["outcome", "vote"], checkpoint.ExperiencesThrough, startedAt, tally,
            async (id, ct) => Guid.TryParse(id, out var experienceId) && await store.ReadAsync<Experience>(Containers.Experiences, id, id, ct) is not null
                && (await counters.SyncAsync(experienceId, ct)).Changed, cancellationToken);
        var sessionsThrough = experiencesThrough == startedAt
            ? await SweepAsync(context, Containers.Sessions, ["entry"], checkpoint.SessionsThrough, startedAt, tally,
                async (id, ct) => Guid.TryParse(id, out var sessionId) && await sessions.SyncEntryCountAsync(sessionId, ct), cancellationToken)
            : checkpoint.SessionsThrough;

        await store.UpsertAsync(Containers.Experiences, CheckpointPartition, CheckpointId, new ReconcilerCheckpoint(experiencesThrough, sessionsThrough), null, cancellationToken);
        var counts = new Dictionary<string, long> { ["checked"] = tally.Checked, ["repaired"] = tally.Repaired };
        if (experiencesThrough < startedAt || sessionsThrough < startedAt)
        {
            context.Log($"budget spent after {tally.Checked} recount(s), {tally.Repaired} repaired; the next run continues from the checkpoint");
            return JobResult.MoreRemaining(counts);
        }
        context.Log($"recounted {tally.Checked} experience(s) and session(s) with new records; repaired {tally.Repaired}");
        return JobResult.Done(counts);
    }

    // Recounts every partition holding records of kinds stamped since through less the overlap (a job's cross-partition
    // query, oldest first); returns how far it got: startedAt when done.
    private async Task<DateTimeOffset> SweepAsync(JobContext context, string container, IReadOnlyList<object> kinds, DateTimeOffset through,
        DateTimeOffset startedAt, Tally tally, Func<string, CancellationToken, Task<bool>> recount, CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            if (context.BudgetExhausted)
            {
                return through;
            }
            var page = await store.QueryAsync<RecordStamp>(new DocumentQuery(container)
            {
                Filters = [Filter.In(DocumentFields.Kind, kinds), Filter.Compare(DocumentFields.CreatedAt, ComparisonOperator.GreaterThanOrEqual, through - Overlap)],
                OrderBy = DocumentFields.CreatedAt,
                Limit = PageSize,
                ContinuationToken = continuation,
            }, cancellationToken);
            foreach (var partition in page.Items.Select(i => i.PartitionKey).Where(done.Add))
            {
                tally.Checked++;
                tally.Repaired += await recount(partition, cancellationToken) ? 1 : 0;
            }
            if (page.Items.Count > 0)
            {
                // Every record up to here is reflected in its counters now.
                through = page.Items[^1].Body.CreatedAt > through ? page.Items[^1].Body.CreatedAt : through;
            }
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return startedAt;
    }

    private sealed class Tally
    {
        public long Checked { get; set; }
        public long Repaired { get; set; }
    }

    private sealed record RecordStamp(DateTimeOffset CreatedAt);
}

// How far the counter reconciler got in each container: records stamped before these (less its overlap) are reflected.
public sealed record ReconcilerCheckpoint(DateTimeOffset ExperiencesThrough, DateTimeOffset SessionsThrough)
{
    public string Kind { get; } = "checkpoint";
}
