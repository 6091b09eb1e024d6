using Cairn.Jobs;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

// The decay engine (docs/memory.md, "Decay"). Reads only memories whose due date has passed, earliest first, in
// batches: compresses each to the stage its age calls for (re-embedding the new text), forgets those past ESSENCE, and
// classifies observations left in the buffer past their time. A batch's texts are embedded in one call, then its writes
// run in DecayParallelism lanes. Resumable by construction: a processed memory's next due date lies in the future, so
// the next batch (or run) simply starts at the new earliest.
public sealed class MemoryDecayJob(
    MemoryStore memories, MemoryIndex index, MemoryCurator curator, IMemoryCompressor compressor, IOptions<MemoryOptions> options, TimeProvider clock,
    ILogger<MemoryDecayJob> logger) : IJob
{
    internal const int BatchSize = 250;

    private readonly MemoryOptions _options = options.Value;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = await memories.DueAsync(now, BatchSize, cancellationToken);
            tally.Batches++;
            var steps = new List<Step>(due.Count);
            foreach (var document in due)
            {
                steps.Add(await PlanAsync(document, now, cancellationToken));
            }
            var vectors = new Queue<ReadOnlyMemory<float>?>(
                await index.EmbedAsync(steps.Where(s => s.Reindex).Select(s => s.Next!.Content).ToList(), cancellationToken));
            var embedded = steps.Select(s => s.Reindex ? s with { Vector = vectors.Dequeue() } : s).ToList();
            var lanes = new ParallelOptions { MaxDegreeOfParallelism = _options.DecayParallelism, CancellationToken = cancellationToken };
            var progressedBefore = tally.Progressed;
            await Parallel.ForEachAsync(embedded, lanes, async (step, token) => await ApplyAsync(step, tally, token));
            var progressed = tally.Progressed - progressedBefore;
            tally.Skipped += due.Count - progressed;

            if (due.Count < BatchSize)
            {
                context.Log($"Decayed {tally.Decayed}, forgot {tally.Forgotten} and classified {tally.Classified} memories in {tally.Batches} batch(es); none left due.");
                return JobResult.Done(tally.Counts());
            }
            if (progressed == 0)
            {
                // Every due memory changed under us (accessed meanwhile): leave them to the next run rather than spin.
                logger.LogWarning("Memory decay: a whole batch of {Count} due memories changed concurrently; stopping this run.", due.Count);
                context.Log($"Decayed {tally.Decayed}, forgot {tally.Forgotten}, classified {tally.Classified}; a batch changed concurrently, the next run continues.");
                return JobResult.MoreRemaining(tally.Counts());
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Decayed {tally.Decayed}, forgot {tally.Forgotten} and classified {tally.Classified} memories in {tally.Batches} batch(es); more are due, the next run continues.");
                return JobResult.MoreRemaining(tally.Counts());
            }
        }
    }

    private async Task<Step> PlanAsync(Document<MemoryItem> document, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var memory = document.Body;
        if (memory.Ring == Rings.Buffer)
        {
            return new Step(document, StepKind.Classify, null);
        }
        var stage = Decay.StageAt(memory, now);
        return stage == Stages.Forgotten ? new Step(document, StepKind.Forget, null)
            : stage == memory.Stage ? new Step(document, StepKind.Reschedule, Decay.Refresh(memory, _options.BufferTtl))
            : new Step(document, StepKind.Decay, Decay.Refresh(await CompressAsync(memory, stage, now, cancellationToken), _options.BufferTtl));
    }

    private async Task ApplyAsync(Step step, Tally tally, CancellationToken cancellationToken)
    {
        var (document, kind, next, vector) = step;
        var memory = document.Body;
        switch (kind)
        {
            case StepKind.Classify:
                var placed = await curator.CurateAsync(document, cancellationToken) is not null;
                tally.Add(classified: placed ? 1 : 0, progressed: 1);
                break;
            case StepKind.Forget when await memories.TryDeleteAsync(memory.AgentId, memory.Id, document.ETag, cancellationToken):
                await index.RemoveAsync(memory.Id, cancellationToken);
                tally.Add(forgotten: 1, progressed: 1);
                break;
            case StepKind.Decay when await memories.TryReplaceAsync(next!, document.ETag, cancellationToken):
                if (step.Reindex)
                {
                    await index.IndexAsync(next!, vector, cancellationToken);
                }
                tally.Add(decayed: 1, progressed: 1);
                break;
            case StepKind.Reschedule when await memories.TryReplaceAsync(next!, document.ETag, cancellationToken):
                tally.Add(progressed: 1);
                break;
            default:
                break; // changed by someone else meanwhile (an access): the next batch sees the new version
        }
    }

    // The text at stage: COMPRESSED keeps the most informative sentences within 250 tokens; SUMMARY becomes the summary
    // made at observation (≤150); ESSENCE becomes the essence (≤50), which then also serves as summary.
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

    private enum StepKind
    {
        Classify,
        Forget,
        Decay,
        Reschedule,
    }

    // What to do with one due memory: its current version, the kind of step, the new version and its vector.
    private sealed record Step(Document<MemoryItem> Current, StepKind Kind, MemoryItem? Next, ReadOnlyMemory<float>? Vector = null)
    {
        // A new stage whose text is new: re-embed and re-index. A short memory's text often fits every target
        // unchanged.
        public bool Reindex => Kind == StepKind.Decay && Next!.Content != Current.Body.Content;
    }

    // Counts shared by the lanes of a run.
    private sealed class Tally
    {
        private long _decayed, _forgotten, _classified, _progressed;

        public long Decayed => Interlocked.Read(ref _decayed);
        public long Forgotten => Interlocked.Read(ref _forgotten);
        public long Classified => Interlocked.Read(ref _classified);
        public long Progressed => Interlocked.Read(ref _progressed);
        public long Skipped { get; set; }
        public long Batches { get; set; }

        public void Add(long decayed = 0, long forgotten = 0, long classified = 0, long progressed = 0)
        {
            Interlocked.Add(ref _decayed, decayed);
            Interlocked.Add(ref _forgotten, forgotten);
            Interlocked.Add(ref _classified, classified);
            Interlocked.Add(ref _progressed, progressed);
        }

        public Dictionary<string, long> Counts() => new()
        {
            ["decayed"] = Decayed, ["forgotten"] = Forgotten, ["classified"] = Classified, ["skipped"] = Skipped, ["batches"] = Batches,
        };
    }
}
