using Cairn.Storage;

namespace Cairn.Memory;

// The memory queries and optimistic updates, in one place; every one stays inside the agent's partition.
public sealed class MemoryStore(IDocumentStore store, DocumentMutator mutator, TimeProvider clock)
{
    public Task<Document<MemoryItem>?> ReadAsync(Guid agentId, Guid id, CancellationToken cancellationToken) =>
        store.ReadAsync<MemoryItem>(Containers.Memories, agentId.ToString(), id.ToString(), cancellationToken);

    public async Task CreateAsync(MemoryItem memory, CancellationToken cancellationToken)
    {
        memory = memory with { HistoryMark = MemoryHistoryRecord.Mark(memory) };
        await store.CreateAsync(Containers.Memories, memory.AgentId.ToString(), memory.Id.ToString(), memory, null, cancellationToken);
        await RecordAsync(memory.AgentId, memory.Id, MemoryEvents.Add, memory, cancellationToken);
    }

    // Appends to the memory's history (GET /memory/{id}/history). After the write it describes, so it never records
    // what did not happen.
    private Task RecordAsync(Guid agentId, Guid memoryId, string change, MemoryItem? memory, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return store.CreateAsync(Containers.Memories, agentId.ToString(), MemoryHistory.DocumentId(memoryId, now),
            new MemoryHistoryRecord(memoryId, change, memory?.Ring, memory?.Stage, memory?.Content, now), null, cancellationToken);
    }

    // The stored memory replaced, if it still has etag; false when someone else changed or removed it.
    public async Task<bool> TryReplaceAsync(MemoryItem memory, string etag, CancellationToken cancellationToken)
    {
        var mark = MemoryHistoryRecord.Mark(memory);
        var changed = mark != memory.HistoryMark;
        try
        {
            await store.ReplaceAsync(Containers.Memories, memory.AgentId.ToString(), memory.Id.ToString(), memory with { HistoryMark = mark }, etag, null, cancellationToken);
        }
        catch (StorageException e) when (e is DocumentPreconditionFailedException or DocumentNotFoundException)
        {
            return false;
        }
        if (changed)
        {
            await RecordAsync(memory.AgentId, memory.Id, MemoryEvents.Update, memory, cancellationToken);
        }
        return true;
    }

    // Applies a change under the memory's ETag, re-reading on conflict; null when the memory is gone (or the change
    // says no).
    public async Task<MemoryItem?> MutateAsync(Guid agentId, Guid id, Func<MemoryItem, MemoryItem?> change, CancellationToken cancellationToken)
    {
        MemoryItem? next = null;
        var changed = false;
        await mutator.MutateAsync<MemoryItem>(Containers.Memories, agentId.ToString(), id.ToString(), current =>
        {
            next = current is null ? null : change(current.Body);
            var mark = next is null ? null : MemoryHistoryRecord.Mark(next);
            changed = next is not null && mark != next.HistoryMark;
            return next = next is null ? null : next with { HistoryMark = mark };
        }, cancellationToken);
        if (changed)
        {
            await RecordAsync(agentId, id, MemoryEvents.Update, next, cancellationToken);
        }
        return next;
    }

    // Deletes the memory if it still has etag (any version when null); false when it changed or was gone.
    public async Task<bool> TryDeleteAsync(Guid agentId, Guid id, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            if (!await store.DeleteAsync(Containers.Memories, agentId.ToString(), id.ToString(), etag, cancellationToken))
            {
                return false;
            }
        }
        catch (DocumentPreconditionFailedException)
        {
            return false;
        }
        // Forgotten means removed from storage: the history goes with the memory, text and all.
        await store.DeleteWhereAsync(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq(MemoryHistoryRecord.Fields.Kind, MemoryHistoryRecord.DocumentKind), Filter.Eq(MemoryHistoryRecord.Fields.MemoryId, id)],
        }, cancellationToken);
        return true;
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
            Filters = [Filter.Eq(MemoryItem.Fields.Kind, MemoryItem.DocumentKind), Filter.In(MemoryItem.Fields.Id, ids.Select(id => (object)id.ToString()).ToList())],
            Limit = ids.Count,
        }, cancellationToken);
        return page.Items;
    }

    public Task<long> CountAsync(Guid agentId, string ring, CancellationToken cancellationToken) =>
        store.CountAsync(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq(MemoryItem.Fields.Kind, MemoryItem.DocumentKind), Filter.Eq(MemoryItem.Fields.Ring, ring)],
        }, cancellationToken);

    // The ring's least valuable memories, lowest first (ties: oldest first).
    public async Task<IReadOnlyList<Document<MemoryItem>>> LowestValueAsync(Guid agentId, string ring, int limit, CancellationToken cancellationToken) =>
        (await store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq(MemoryItem.Fields.Kind, MemoryItem.DocumentKind), Filter.Eq(MemoryItem.Fields.Ring, ring)], OrderBy = MemoryItem.Fields.Value, Limit = limit,
        }, cancellationToken)).Items;

    // One page of the agent's buffered observations, oldest first; of one session when given.
    public Task<DocumentPage<MemoryItem>> BufferedAsync(Guid agentId, Guid? sessionId, int limit, string? continuation, CancellationToken cancellationToken)
    {
        var filters = new List<Filter> { Filter.Eq(MemoryItem.Fields.Kind, MemoryItem.DocumentKind), Filter.Eq(MemoryItem.Fields.Ring, Rings.Buffer) };
        if (sessionId is { } session)
        {
            filters.Add(Filter.Eq(MemoryItem.Fields.SessionId, session));
        }
        return store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = filters, OrderBy = MemoryItem.Fields.CreatedAt, Limit = limit, ContinuationToken = continuation,
        }, cancellationToken);
    }

    // The session's memories (any ring) in the order they were observed.
    public async Task<IReadOnlyList<MemoryItem>> OfSessionAsync(Guid agentId, Guid sessionId, int limit, CancellationToken cancellationToken) =>
        (await store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq(MemoryItem.Fields.Kind, MemoryItem.DocumentKind), Filter.Eq(MemoryItem.Fields.SessionId, sessionId)], OrderBy = MemoryItem.Fields.CreatedAt, Limit = limit,
        }, cancellationToken)).Items.Select(d => d.Body).ToList();

    // Memories of every agent whose due date has passed, earliest first: the decay job's work list.
    public async Task<IReadOnlyList<Document<MemoryItem>>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        (await store.QueryAsync<MemoryItem>(new DocumentQuery(Containers.Memories)
        {
            Filters = [Filter.Compare(MemoryItem.Fields.DueAt, ComparisonOperator.LessThanOrEqual, now)], OrderBy = MemoryItem.Fields.DueAt, Limit = limit,
        }, cancellationToken)).Items;
}
