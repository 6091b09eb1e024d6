using System.Security.Cryptography;
using System.Text;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Memory;

// One change of a memory, kept in its agent's partition beside it, like mem0's history; deleted with the memory.
public sealed record MemoryHistoryRecord(Guid MemoryId, string Event, string? Ring, string? Stage, string? Content, DateTimeOffset CreatedAt)
{
    public const string DocumentKind = "history";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string MemoryId = "memory_id";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;

    // What a change must touch to be recorded: ring, stage or text. Accesses and reschedules are not history.
    public static string Mark(MemoryItem memory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{memory.Ring}\n{memory.Stage}\n{memory.Content}")))[..16];
}

public static class MemoryEvents
{
    public const string Add = "ADD";
    public const string Update = "UPDATE";
}

public sealed record MemoryHistoryEntry(
    string Id, Guid MemoryId, string Event, string? OldMemory, string? NewMemory, string? Ring, string? Stage, DateTimeOffset CreatedAt);

public sealed record MemoryHistoryResponse(Guid MemoryId, IReadOnlyList<MemoryHistoryEntry> History);

// GET /memory/{id}/history: every recorded change of a memory that still exists, oldest first, each with the text
// before and after it.
public sealed class MemoryHistory(IDocumentStore store)
{
    public async Task<MemoryHistoryResponse> ReadAsync(Guid agentId, Guid memoryId, CancellationToken cancellationToken)
    {
        var events = new List<Document<MemoryHistoryRecord>>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<MemoryHistoryRecord>(new DocumentQuery(Containers.Memories)
            {
                PartitionKey = agentId.ToString(), Filters = [Filter.Eq(MemoryHistoryRecord.Fields.Kind, MemoryHistoryRecord.DocumentKind), Filter.Eq(MemoryHistoryRecord.Fields.MemoryId, memoryId)],
                OrderBy = MemoryHistoryRecord.Fields.CreatedAt, Limit = 100, ContinuationToken = cursor,
            }, cancellationToken);
            events.AddRange(page.Items);
            cursor = page.ContinuationToken;
        }
        while (cursor is not null);
        // Another agent's memory id finds nothing in this agent's partition: the same 404 as an unknown id.
        if (events.Count == 0)
        {
            throw new NotFoundException($"Memory {memoryId}");
        }
        var entries = new List<MemoryHistoryEntry>(events.Count);
        string? before = null;
        foreach (var (id, _, e, _) in events)
        {
            entries.Add(new MemoryHistoryEntry(id, e.MemoryId, e.Event, before, e.Content, e.Ring, e.Stage, e.CreatedAt));
            before = e.Content;
        }
        return new MemoryHistoryResponse(memoryId, entries);
    }

    private static long _sequence;

    // Ordered by time, then (the id breaks created_at ties) by a per-process sequence, so changes in one tick keep their order.
    internal static string DocumentId(Guid memoryId, DateTimeOffset at) =>
        $"history:{memoryId}:{at.UtcTicks:D19}:{Interlocked.Increment(ref _sequence):D12}:{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
}
