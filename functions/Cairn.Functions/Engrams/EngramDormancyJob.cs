using System.Globalization;
using Cairn.Engrams.Schema;
using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Engrams;

// Moves active engrams whose activation has fallen below the threshold to dormant. Each engram stores when that happens
// if it is not accessed again (dormant_at, recomputed on every write), so the scan is one indexed comparison; the
// activation is checked again before the change. Pinned and locked engrams never go dormant.
public sealed class EngramDormancyJob(EngramStore store, EngramChanges changes, ActivationModel activation, TimeProvider clock) : IJob
{
    internal const int BatchSize = 100;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        long dormant = 0;
        long refreshed = 0;
        while (true)
        {
            var due = IsoDates.Sortable(clock.GetUtcNow());
            var page = await store.ScanAsync(
                [Filter.Eq(StoredEngram.Fields.Status, EngramStatus.Active), Filter.Compare(StoredEngram.Fields.DormantAt, ComparisonOperator.LessThanOrEqual, due)], BatchSize, null, cancellationToken);
            foreach (var document in page.Items)
            {
                var wentDormant = false;
                await changes.ApplyAsync(document, (stored, engram, now) =>
                {
                    var value = activation.Activation(stored.Access, now);
                    if (engram.Status == EngramStatus.Active && !engram.Pinned && !engram.Locked && value < activation.Threshold)
                    {
                        engram.Status = EngramStatus.Dormant;
                        wentDormant = true;
                        return changes.Rebuild(stored, engram, now, reason: string.Create(CultureInfo.InvariantCulture, $"activation {value:F3} below {activation.Threshold}"));
                    }
                    // Accessed (or pinned) since the scan read it: only its dormant_at is stale.
                    wentDormant = false;
                    return changes.Rebuild(stored, engram, now);
                }, cancellationToken);
                if (wentDormant)
                {
                    dormant++;
                }
                else
                {
                    refreshed++;
                }
            }
            var counts = new Dictionary<string, long> { ["dormant"] = dormant, ["refreshed"] = refreshed };
            if (page.Items.Count < BatchSize)
            {
                context.Log($"Moved {dormant} engram(s) to dormant (activation below {activation.Threshold}); none left.");
                return JobResult.Done(counts);
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Moved {dormant} engram(s) to dormant; more remain for the next run.");
                return JobResult.MoreRemaining(counts);
            }
        }
    }
}
