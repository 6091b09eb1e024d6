using Cairn.Storage;

namespace Cairn.Jobs;

// Deletes the expired documents of one container. Reads already ignore them; this keeps storage from growing without
// bound. Resumable by nature: each batch deletes whatever is expired now, so a run cut short leaves nothing half done.
public abstract class ExpiredDocumentsCleanupJob(string container, string what, TimeProvider clock, IExpiredDocumentPurger? purger) : IJob
{
    internal const int BatchSize = 1000;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (purger is null or NativeExpiry)
        {
            context.Log("Nothing to do: the document store deletes expired documents itself (TTL).");
            return JobResult.Done();
        }

        long deleted = 0;
        var batches = 0;
        while (true)
        {
            var count = await purger.PurgeExpiredAsync(container, clock.GetUtcNow(), BatchSize, cancellationToken);
            deleted += count;
            batches++;
            var counts = new Dictionary<string, long> { ["deleted"] = deleted, ["batches"] = batches };
            if (count < BatchSize)
            {
                context.Log($"Deleted {deleted} expired {what} in {batches} batch(es); none left.");
                return JobResult.Done(counts);
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Deleted {deleted} expired {what} in {batches} batch(es); more remain for the next run.");
                return JobResult.MoreRemaining(counts);
            }
        }
    }
}
