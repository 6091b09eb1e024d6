using Cairn.Jobs;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

/// <summary>
/// The decay engine (docs/memory.md, "Decay"). Reads only memories whose due date has passed, earliest first, in
/// batches: compresses each to the stage its age calls for (re-embedding the new text), forgets those past ESSENCE,
/// and classifies observations left in the buffer past their time. Resumable by construction: a processed memory's
/// next due date lies in the future, so the next batch (or run) simply starts at the new earliest.
/// </summary>
public sealed class MemoryDecayJob(
    MemoryStore memories, MemoryIndex index, MemoryCurator curator, IMemoryCompressor compressor, IOptions<MemoryOptions> options, TimeProvider clock,
    ILogger<MemoryDecayJob> logger) : IJob
{
    internal const int BatchSize = 250;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        long decayed = 0, forgotten = 0, classified = 0, skipped = 0, batches = 0;
        Dictionary<string, long> Counts() => new()
        {
            ["decayed"] = decayed, ["forgotten"] = forgotten, ["classified"] = classified, ["skipped"] = skipped, ["batches"] = batches,
        };
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = await memories.DueAsync(now, BatchSize, cancellationToken);
            batches++;
            var reindex = new List<MemoryItem>();
            var progressed = 0;
            foreach (var document in due)
            {
                var memory = document.Body;
                if (memory.Ring == Rings.Buffer)
                {
                    classified += await curator.CurateAsync(document, cancellationToken) is null ? 0 : 1;
                    progressed++;
                    continue;
                }
                var stage = Decay.StageAt(memory, now);
                if (stage == Stages.Forgotten)
                {
                    if (await memories.TryDeleteAsync(memory.AgentId, memory.Id, document.ETag, cancellationToken))
                    {
                        await index.RemoveAsync(memory.Id, cancellationToken);
                        forgotten++;
                        progressed++;
                    }
                    continue;
                }
                var next = Decay.Refresh(stage == memory.Stage ? memory : await CompressAsync(memory, stage, now, cancellationToken), options.Value.BufferTtl);
                if (await memories.TryReplaceAsync(next, document.ETag, cancellationToken))
                {
                    progressed++;
                    if (stage != memory.Stage)
                    {
                        reindex.Add(next);
                        decayed++;
                    }
                }
            }
            await index.IndexAsync(reindex, cancellationToken);
            skipped += due.Count - progressed;

            if (due.Count < BatchSize)
            {
                context.Log($"Decayed {decayed}, forgot {forgotten} and classified {classified} memories in {batches} batch(es); none left due.");
                return JobResult.Done(Counts());
            }
            if (progressed == 0)
            {
                // Every due memory changed under us (accessed meanwhile): leave them to the next run rather than spin.
                logger.LogWarning("Memory decay: a whole batch of {Count} due memories changed concurrently; stopping this run.", due.Count);
                context.Log($"Decayed {decayed}, forgot {forgotten}, classified {classified}; a batch changed concurrently, the next run continues.");
                return JobResult.MoreRemaining(Counts());
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Decayed {decayed}, forgot {forgotten} and classified {classified} memories in {batches} batch(es); more are due, the next run continues.");
                return JobResult.MoreRemaining(Counts());
            }
        }
    }

    /// <summary>
    /// The text at <paramref name="stage"/>: COMPRESSED keeps the most informative sentences within 250 tokens;
    /// SUMMARY becomes the summary made at observation (≤150); ESSENCE becomes the essence (≤50), which then also serves as summary.
    /// </summary>
    private async Task<MemoryItem> CompressAsync(MemoryItem memory, string stage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var content = stage switch
        {
            Stages.Compressed => await compressor.CompressAsync(memory.Content, Decay.TargetTokens(stage), cancellationToken),
            Stages.Summary => Shorter(memory.Summary, memory.Content),
            _ => Shorter(memory.Essence, memory.Content),
        };
        return memory with
        {
            Stage = stage,
            Content = content,
            Summary = stage == Stages.Essence ? content : memory.Summary,
            StageChangedAt = now,
            UpdatedAt = now,
        };
    }

    private static string Shorter(string a, string b) => a.Length <= b.Length ? a : b;
}
