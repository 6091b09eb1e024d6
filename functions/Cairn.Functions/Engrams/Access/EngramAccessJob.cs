using Cairn.Engrams.Schema;
using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Engrams.Access;

// Applies recall receipts that no process applied (it stopped first, or the database failed): those older than a
// minute, which the in-process drainer has had time for. Idempotent, like every application of a receipt.
public sealed class EngramAccessJob(IDocumentStore store, AccessRecorder recorder, TimeProvider clock) : IJob
{
    internal const int BatchSize = 100;
    internal static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        long applied = 0;
        while (true)
        {
            var due = IsoDates.Sortable(clock.GetUtcNow() - Grace);
            var page = await store.QueryAsync<AccessReceipt>(new DocumentQuery(Containers.EngramAccesses)
            {
                Filters = [Filter.Compare(AccessReceipt.Fields.At, ComparisonOperator.LessThanOrEqual, due)],
                Limit = BatchSize,
            }, cancellationToken);
            await recorder.ApplyAsync(page.Items.Select(item => item.Body).ToList(), cancellationToken);
            applied += page.Items.Count;
            var counts = new Dictionary<string, long> { ["receipts"] = applied };
            if (page.Items.Count < BatchSize)
            {
                context.Log($"Applied {applied} recall receipt(s) left over by the drainer; none left.");
                return JobResult.Done(counts);
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Applied {applied} recall receipt(s); more remain for the next run.");
                return JobResult.MoreRemaining(counts);
            }
        }
    }
}
