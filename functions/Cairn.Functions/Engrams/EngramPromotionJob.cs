using Cairn.Jobs;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Engrams;

/// <summary>
/// Promotes candidates that recurred: learned at least <see cref="EngramOptions.PromotionRecurrences"/> times (the
/// first included) become active. Idempotent: a promoted engram no longer matches, so each batch takes what is left.
/// </summary>
public sealed class EngramPromotionJob(EngramStore store, EngramChanges changes, EngramEvents events, IOptions<EngramOptions> options) : IJob
{
    internal const int BatchSize = 100;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var needed = options.Value.PromotionRecurrences;
        long promoted = 0;
        while (true)
        {
            var page = await store.ScanAsync(
                [Filter.Eq(StoredEngram.Fields.Status, EngramStatus.Candidate), Filter.Compare(StoredEngram.Fields.Recurrences, ComparisonOperator.GreaterThanOrEqual, needed)], BatchSize, null, cancellationToken);
            foreach (var document in page.Items)
            {
                var written = await changes.ApplyAsync(document, (stored, engram, now) =>
                {
                    if (engram.Status != EngramStatus.Candidate || stored.Recurrences < needed)
                    {
                        return null;
                    }
                    engram.Status = EngramStatus.Active;
                    return changes.Rebuild(stored, engram, now, reason: $"recurred {stored.Recurrences} times");
                }, cancellationToken);
                await events.PromotedAsync(written, cancellationToken);
                promoted++;
            }
            var counts = new Dictionary<string, long> { ["promoted"] = promoted };
            if (page.Items.Count < BatchSize)
            {
                context.Log($"Promoted {promoted} candidate engram(s) learned {needed} or more times; none left.");
                return JobResult.Done(counts);
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Promoted {promoted} candidate engram(s); more remain for the next run.");
                return JobResult.MoreRemaining(counts);
            }
        }
    }
}
