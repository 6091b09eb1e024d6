using Cairn.Engrams;
using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Memory;

// Promotes Z-reports with a high success rate to long-term memory. Idempotent: the memory takes the session's id, so a
// repeated promotion finds it already there; the session's promotion date is then set to never.
public sealed class MemoryPromotionJob(
    IDocumentStore store, MemorySessionService sessions, MemoryCurator curator, IMemoryCompressor compressor, TimeProvider clock) : IJob
{
    internal const int BatchSize = 100;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        long promoted = 0, evicted = 0, batches = 0;
        while (true)
        {
            var page = await store.QueryAsync<MemorySession>(new DocumentQuery(Containers.MemorySessions)
            {
                Filters = [Filter.Compare(MemorySession.Fields.PromotionDueAt, ComparisonOperator.LessThanOrEqual, clock.GetUtcNow())],
                OrderBy = MemorySession.Fields.PromotionDueAt,
                Limit = BatchSize,
            }, cancellationToken);
            batches++;
            foreach (var session in page.Items.Select(d => d.Body))
            {
                try
                {
                    if (session.ZReport is { } report)
                    {
                        evicted += await curator.AddAsync(await ToMemoryAsync(session, report, cancellationToken), cancellationToken);
                        promoted++;
                    }
                }
                catch (DocumentConflictException)
                {
                    // Promoted by an earlier run that stopped before it could mark the session.
                }
                await sessions.MutateAsync(session.AgentId, session.Id, s => s with { PromotionDueAt = MemoryDates.Never, PromotedMemoryId = s.Id }, cancellationToken);
            }
            var counts = new Dictionary<string, long> { ["promoted"] = promoted, ["evicted"] = evicted, ["batches"] = batches };
            if (page.Items.Count < BatchSize)
            {
                context.Log($"Promoted {promoted} Z-report(s) to long-term memory; none left waiting.");
                return JobResult.Done(counts);
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Promoted {promoted} Z-report(s) to long-term memory; more are waiting for the next run.");
                return JobResult.MoreRemaining(counts);
            }
        }
    }

    private async Task<MemoryItem> ToMemoryAsync(MemorySession session, ZReport report, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var content = report.Decisions.Count == 0 ? report.Summary : $"{report.Summary}\nDecisions: {string.Join("; ", report.Decisions)}";
        var memory = new MemoryItem(session.Id, session.AgentId, session.Id, Rings.LongTerm, Stages.Full, MemorySources.ZReport, null, null, content,
            await compressor.CompressAsync(content, Decay.TargetTokens(Stages.Summary), cancellationToken),
            await compressor.CompressAsync(content, Decay.TargetTokens(Stages.Essence), cancellationToken),
            MemoryText.Fingerprint(content), Tokens.Estimate(content), report.Outcomes, 0, 0, now, now, null, now, now, MemoryDates.Never, 0, false);
        return Decay.Refresh(memory, TimeSpan.Zero);
    }
}
