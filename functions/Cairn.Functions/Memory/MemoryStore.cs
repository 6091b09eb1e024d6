using Cairn.Storage;

namespace Cairn.Memory;

/// <summary>The memory queries and optimistic updates, in one place; every one stays inside the agent's partition.</summary>
public sealed class MemoryStore(IDocumentStore store, DocumentMutator mutator)
{
    public Task<Document<MemoryItem>?> ReadAsync(Guid agentId, Guid id, CancellationToken cancellationToken) =>
        store.ReadAsync<MemoryItem>(Containers.Memories, agentId.ToString(), id.ToString(), cancellationToken);

    public Task CreateAsync(MemoryItem memory, CancellationToken cancellationToken) =>
        store.CreateAsync(Containers.Memories, memory.AgentId.ToString(), memory.Id.ToString(), memory, null, cancellationToken);

    /// <summary>The stored memory replaced, if it still has <paramref name="etag"/>; false when someone else changed or removed it.</summary>
    public async Task<bool> TryReplaceAsync(MemoryItem memory, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await store.ReplaceAsync(Containers.Memories, memory.AgentId.ToString(), memory.Id.ToString(), memory, etag, null, cancellationToken);
            return true;
        }
        catch (StorageException e) when (e is DocumentPreconditionFailedException or DocumentNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Applies a change under the memory's ETag, re-reading on conflict; null when the memory is gone (or the change says no).</summary>
    public async Task<MemoryItem?> MutateAsync(Guid agentId, Guid id, Func<MemoryItem, MemoryItem?> change, CancellationToken cancellationToken)
    {
        MemoryItem? next = null;
        await mutator.MutateAsync<MemoryItem>(Containers.Memories, agentId.ToString(), id.ToString(),
            current => next = current is null ? null : change(current.Body), cancellationToken);
        return next;
    }

    /// <summary>Deletes the memory if it still has <paramref name="etag"/> (any version when null); false when it changed or was gone.</summary>
    public async Task<bool> TryDeleteAsync(Guid agentId, Guid id, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            return await store.DeleteAsync(Containers.Memories, agentId.ToString(), id.ToString(), etag, cancellationToken);
        }
        catch (DocumentPreconditionFailedException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Document<MemoryItem>>> ReadManyAsync(Guid agentId, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var page = await store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(),
            Filters = [Filter.Eq("kind", "memory"), Filter.In("id", ids.Select(id => (object)id.ToString()).ToList())],
            Limit = ids.Count,
        }, cancellationToken);
        return page.Items;
    }

    public Task<long> CountAsync(Guid agentId, string ring, CancellationToken cancellationToken) =>
        store.CountAsync(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq("kind", "memory"), Filter.Eq("ring", ring)],
        }, cancellationToken);

    /// <summary>The ring's least valuable memories, lowest first (ties: oldest first).</summary>
    public async Task<IReadOnlyList<Document<MemoryItem>>> LowestValueAsync(Guid agentId, string ring, int limit, CancellationToken cancellationToken) =>
        (await store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq("kind", "memory"), Filter.Eq("ring", ring)], OrderBy = "value", Limit = limit,
        }, cancellationToken)).Items;

    /// <summary>One page of the agent's buffered observations, oldest first; of one session when given.</summary>
    public Task<DocumentPage<MemoryItem>> BufferedAsync(Guid agentId, Guid? sessionId, int limit, string? continuation, CancellationToken cancellationToken)
    {
        var filters = new List<Filter> { Filter.Eq("kind", "memory"), Filter.Eq("ring", Rings.Buffer) };
        if (sessionId is { } session)
        {
            filters.Add(Filter.Eq("session_id", session));
        }
        return store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = filters, OrderBy = "created_at", Limit = limit, ContinuationToken = continuation,
        }, cancellationToken);
    }

    /// <summary>The session's memories (any ring) in the order they were observed.</summary>
    public async Task<IReadOnlyList<MemoryItem>> OfSessionAsync(Guid agentId, Guid sessionId, int limit, CancellationToken cancellationToken) =>
        (await store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq("kind", "memory"), Filter.Eq("session_id", sessionId)], OrderBy = "created_at", Limit = limit,
        }, cancellationToken)).Items.Select(d => d.Body).ToList();

    /// <summary>Memories of every agent whose due date has passed, earliest first: the decay job's work list.</summary>
    public async Task<IReadOnlyList<Document<MemoryItem>>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        (await store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            Filters = [Filter.Compare("due_at", ComparisonOperator.LessThanOrEqual, now)], OrderBy = "due_at", Limit = limit,
        }, cancellationToken)).Items;
}
