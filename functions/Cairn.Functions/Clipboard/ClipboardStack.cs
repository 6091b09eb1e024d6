using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Clipboard;

// The owner's stack: push takes the next index from a counter document advanced with ETag-conditional writes, so
// concurrent pushes get distinct, increasing indices (never reused after a pop). Pop claims the newest entry with an
// ETag-conditional delete, so two pops never return the same entry; a pop that loses the race takes the next newest.
public sealed class ClipboardStack(IDocumentStore store, DocumentMutator mutator, ClipboardValueStore values, ClipboardAccess access, TimeProvider clock)
{
    public async Task<ClipboardEntrySummary> PushAsync(Guid ownerId, PushEntryRequest request, ClipboardSource source, CancellationToken cancellationToken)
    {
        var entry = ClipboardValues.Prepare(new Validator(), request.Value, request.ContentType, request.Encoding, request.Visibility,
            request.WorkspaceId, request.TtlSeconds, request.CreatedByTool, request.CreatedByModel);
        await access.RequireWorkspaceAsync(entry, ownerId, cancellationToken);

        var idx = await NextIndexAsync(ownerId, cancellationToken);
        var now = clock.GetUtcNow();
        var uuid = Guid.CreateVersion7(now);
        var stored = await values.WriteAsync(ownerId, uuid, entry.Bytes, entry.Ttl, cancellationToken);
        var document = ClipboardDocumentFactory.Create(ClipboardKinds.Stack, uuid, ownerId, null, idx, entry, source, now, now, stored);
        await store.CreateAsync(Containers.Clipboard, ownerId.ToString(), ClipboardIds.Stack(idx), document, new WriteOptions(entry.Ttl), cancellationToken);
        return ClipboardEntrySummary.From(document);
    }

    public async Task<ClipboardEntry> PopAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var partition = ownerId.ToString();
        var top = await DocumentMutator.RetryRacesAsync(Containers.Clipboard, ClipboardIds.StackCounter, async ct =>
        {
            var newest = await store.QueryAsync<ClipboardDocument>(new DocumentQuery(Containers.Clipboard)
            {
                PartitionKey = partition,
                Filters = [Filter.Eq(ClipboardDocument.Fields.Kind, ClipboardKinds.Stack)],
                OrderBy = ClipboardDocument.Fields.Idx,
                Descending = true,
                Limit = 1,
            }, ct);
            if (newest.Items is not [var candidate])
            {
                throw new NotFoundException("stack_empty", "The clipboard stack is empty: push a value first.");
            }
            // Conditional: when another pop took it first, this one takes the next newest.
            return await store.DeleteAsync(Containers.Clipboard, partition, candidate.Id, candidate.ETag, ct)
                ? candidate
                : throw new DocumentNotFoundException(Containers.Clipboard, candidate.Id);
        }, cancellationToken);
        // The entry is ours alone now; its chunks are deleted only after we read them (pop is at most once).
        try
        {
            var bytes = await values.ReadAsync(top.Body, cancellationToken)
                ?? throw new InvalidOperationException($"Clipboard chunks of popped entry {top.Id} are missing.");
            return ClipboardEntry.From(top.Body, ClipboardValues.Encode(bytes, top.Body.Encoding));
        }
        finally
        {
            await values.DeleteChunksAsync(ownerId, top.Body.Sealed);
        }
    }

    private async Task<long> NextIndexAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        // A concurrent push that took this index makes the counter's ETag stale: the mutator reads it again.
        var written = await mutator.MutateAsync<StackCounter>(Containers.Clipboard, ownerId.ToString(), ClipboardIds.StackCounter,
            counter => new StackCounter((counter?.Body.NextIdx ?? 1) + 1), cancellationToken);
        return written!.Body.NextIdx - 1;
    }
}
