using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Memory;

// Deletes what an agent remembered: one memory (observation or ring memory), or a memory session with every memory
// observed in it. Out of the search index first, so a deleted memory is never found again, even after a crash part-way.
public sealed class MemoryDeletion(IDocumentStore store, MemoryStore memories, MemoryIndex index)
{
    public async Task DeleteMemoryAsync(Guid agentId, Guid memoryId, CancellationToken cancellationToken)
    {
        // Memories live in their agent's partition, so another agent's id is simply not there (404, as on every read).
        _ = await memories.ReadAsync(agentId, memoryId, cancellationToken) ?? throw new NotFoundException($"Memory {memoryId}");
        await index.RemoveAsync(memoryId, cancellationToken);
        await memories.TryDeleteAsync(agentId, memoryId, null, cancellationToken);
    }

    public async Task<int> DeleteSessionAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        _ = await store.ReadAsync<MemorySession>(Containers.MemorySessions, agentId.ToString(), sessionId.ToString(), cancellationToken)
            ?? throw new NotFoundException($"Memory session {sessionId}");
        var deleted = 0;
        IReadOnlyList<MemoryItem> batch;
        do
        {
            batch = await memories.OfSessionAsync(agentId, sessionId, 100, cancellationToken);
            foreach (var memory in batch)
            {
                await index.RemoveAsync(memory.Id, cancellationToken);
                deleted += await memories.TryDeleteAsync(agentId, memory.Id, null, cancellationToken) ? 1 : 0;
            }
        }
        while (batch.Count == 100);
        await store.DeleteAsync(Containers.MemorySessions, agentId.ToString(), sessionId.ToString(), null, cancellationToken);
        return deleted;
    }
}
