using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

// What became of a buffered observation: the memory it is now part of, its ring, and whether it reinforced an older
// one.
public sealed record CurateResult(Guid MemoryId, string Ring, bool Reinforced, int Evicted);

// Moves buffered observations into rings: the classifier picks the ring, a near-duplicate there is reinforced instead
// of adding a memory, and a ring over its capacity loses its lowest-value memory. Safe to race with itself: an
// observation is claimed by a conditional write, so only one caller ever places it.
public sealed class MemoryCurator(
    MemoryStore memories, MemoryIndex index, IMemoryClassifier classifier, CbpPool cbp, IOptions<MemoryOptions> options, TimeProvider clock)
{
    private const int DuplicateCandidates = 5;
    private const int MaxEvictionsPerPlacement = 100;

    private readonly MemoryOptions _options = options.Value;

    // Places one buffered observation; null when it had already left the buffer (someone else placed it).
    public async Task<CurateResult?> CurateAsync(Document<MemoryItem> observation, CancellationToken cancellationToken)
    {
        var item = observation.Body;
        if (item.Ring != Rings.Buffer)
        {
            return null;
        }
        var ring = await classifier.ClassifyAsync(item, cancellationToken);
        if (await FindDuplicateAsync(item, ring, cancellationToken) is { } duplicate)
        {
            // Whoever deletes the observation owns its reinforcement, so a race reinforces once.
            if (!await memories.TryDeleteAsync(item.AgentId, item.Id, observation.ETag, cancellationToken))
            {
                return null;
            }
            await index.RemoveAsync(item.Id, cancellationToken);
            if (await ReinforceAsync(duplicate, item, cancellationToken) is { } reinforced)
            {
                await cbp.ConsiderAsync(reinforced, cancellationToken);
                return new CurateResult(reinforced.Id, ring, Reinforced: true, Evicted: 0);
            }
            // The older memory was forgotten or evicted meanwhile: the observation becomes a memory after all.
            var recreated = Place(item, ring);
            await memories.CreateAsync(recreated, cancellationToken);
            return await IndexPlacedAsync(recreated, cancellationToken);
        }

        var placed = Place(item, ring);
        if (!await memories.TryReplaceAsync(placed, observation.ETag, cancellationToken))
        {
            return null;
        }
        return await IndexPlacedAsync(placed, cancellationToken);
    }

    // Places the agent's oldest buffered observations until the buffer is within its capacity.
    public async Task<int> TrimBufferAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var excess = await memories.CountAsync(agentId, Rings.Buffer, cancellationToken) - _options.BufferCapacity;
        if (excess <= 0)
        {
            return 0;
        }
        var oldest = await memories.BufferedAsync(agentId, null, (int)Math.Min(excess, 100), null, cancellationToken);
        var placed = 0;
        foreach (var observation in oldest.Items)
        {
            placed += await CurateAsync(observation, cancellationToken) is null ? 0 : 1;
        }
        return placed;
    }

    // Adds a memory straight to a ring (a promoted Z-report) and keeps the ring within its capacity.
    public async Task<int> AddAsync(MemoryItem memory, CancellationToken cancellationToken)
    {
        await memories.CreateAsync(memory, cancellationToken);
        await index.IndexAsync(memory, cancellationToken);
        return await EnforceCapacityAsync(memory.AgentId, memory.Ring, memory.Id, cancellationToken);
    }

    private MemoryItem Place(MemoryItem observation, string ring) =>
        Decay.Refresh(observation with { Ring = ring, UpdatedAt = clock.GetUtcNow() }, _options.BufferTtl);

    private async Task<CurateResult> IndexPlacedAsync(MemoryItem placed, CancellationToken cancellationToken)
    {
        await index.IndexAsync(placed, cancellationToken);
        var evicted = await EnforceCapacityAsync(placed.AgentId, placed.Ring, placed.Id, cancellationToken);
        return new CurateResult(placed.Id, placed.Ring, Reinforced: false, evicted);
    }

    // The most similar memory of the ring whose word set overlaps the observation's by at least the threshold.
    private async Task<Guid?> FindDuplicateAsync(MemoryItem observation, string ring, CancellationToken cancellationToken)
    {
        var hits = await index.SearchAsync(observation.AgentId, observation.Content, [ring], DuplicateCandidates, cancellationToken);
        var candidates = await memories.ReadManyAsync(observation.AgentId, hits.Select(h => h.Id).Where(id => id != observation.Id).ToList(), cancellationToken);
        return candidates
            .Where(c => c.Body.Ring == ring)
            .Select(c => (c.Body.Id, Similarity: MemoryText.Similarity(observation.Fingerprint, c.Body.Fingerprint)))
            .Where(c => c.Similarity >= _options.DuplicateSimilarity)
            .OrderByDescending(c => c.Similarity).ThenBy(c => c.Id)
            .Select(c => (Guid?)c.Id)
            .FirstOrDefault();
    }

    // Reinforcing counts as an access: the timer restarts and the memory decays slower from then on.
    private Task<MemoryItem?> ReinforceAsync(Guid memoryId, MemoryItem observation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return memories.MutateAsync(observation.AgentId, memoryId, memory => Decay.Refresh(memory with
        {
            Reinforcements = memory.Reinforcements + 1,
            AccessCount = memory.AccessCount + 1,
            Outcomes = memory.Outcomes.Add(observation.Outcomes),
            ToolName = memory.ToolName ?? observation.ToolName,
            LastAccessedAt = now,
            DecayAnchorAt = now,
            UpdatedAt = now,
        }, _options.BufferTtl), cancellationToken);
    }

    // While the ring holds more than its capacity, its lowest-value memory (never keep) goes.
    private async Task<int> EnforceCapacityAsync(Guid agentId, string ring, Guid keep, CancellationToken cancellationToken)
    {
        var excess = await memories.CountAsync(agentId, ring, cancellationToken) - _options.Capacity(ring);
        var evicted = 0;
        while (excess > 0 && evicted < MaxEvictionsPerPlacement)
        {
            var lowest = (await memories.LowestValueAsync(agentId, ring, 2, cancellationToken)).FirstOrDefault(d => d.Body.Id != keep);
            if (lowest is null)
            {
                break;
            }
            if (await memories.TryDeleteAsync(agentId, lowest.Body.Id, null, cancellationToken))
            {
                await index.RemoveAsync(lowest.Body.Id, cancellationToken);
                evicted++;
            }
            excess--;
        }
        return evicted;
    }
}
