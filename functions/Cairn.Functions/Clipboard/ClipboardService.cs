using System.Text.RegularExpressions;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Clipboard;

// Named entries: set (create or replace), get, delete and list. Writes are read-then-conditional-write loops on the
// entry's ETag, so concurrent sets of one name serialise (the last to land wins, whole) and every retry is safe.
public sealed partial class ClipboardService(IDocumentStore store, ClipboardValueStore values, ClipboardAccess access, TimeProvider clock)
{
    // Reads of an entry whose chunks a concurrent set replaced, before giving up.
    private const int MaxAttempts = 100;
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 50;

    public async Task<(ClipboardEntrySummary Entry, bool Created)> SetAsync(Guid ownerId, SetEntryRequest request, ClipboardSource source, CancellationToken cancellationToken)
    {
        var validator = new Validator().Required("name", request.Name)
            .Matches("name", request.Name, NamePattern(), "must be 1-128 letters, digits, '_', '-', '.', ':' or '@', starting with a letter or digit.");
        var entry = ClipboardValues.Prepare(validator, request.Value, request.ContentType, request.Encoding, request.Visibility,
            request.WorkspaceId, request.TtlSeconds, request.CreatedByTool, request.CreatedByModel);
        await access.RequireWorkspaceAsync(entry, ownerId, cancellationToken);

        var name = request.Name!;
        var partition = ownerId.ToString();
        var id = ClipboardIds.Named(name);
        StoredValue? stored = null;
        var storedFor = Guid.Empty;
        try
        {
            // Another write to this name that lands between our read and write makes us read again and write over it.
            return await DocumentMutator.RetryRacesAsync(Containers.Clipboard, id, async ct =>
            {
                var current = await store.ReadAsync<ClipboardDocument>(Containers.Clipboard, partition, id, ct);
                var now = clock.GetUtcNow();
                var uuid = current?.Body.Uuid ?? Guid.CreateVersion7(now);
                // The entry id is sealed into the ciphertext, so a value sealed for another entry must be sealed again.
                if (stored is null || storedFor != uuid)
                {
                    if (stored is not null)
                    {
                        await values.DeleteChunksAsync(ownerId, stored);
                    }
                    stored = await values.WriteAsync(ownerId, uuid, entry.Bytes, entry.Ttl, ct);
                    storedFor = uuid;
                }
                var document = ClipboardDocumentFactory.Create(ClipboardKinds.Named, uuid, ownerId, name, null, entry, source, current?.Body.CreatedAt ?? now, now, stored);
                if (current is null)
                {
                    await store.CreateAsync(Containers.Clipboard, partition, id, document, new WriteOptions(entry.Ttl), ct);
                }
                else
                {
                    await store.ReplaceAsync(Containers.Clipboard, partition, id, document, current.ETag, new WriteOptions(entry.Ttl), ct);
                    await values.DeleteChunksAsync(ownerId, current.Body.Sealed);
                }
                return (ClipboardEntrySummary.From(document), current is null);
            }, cancellationToken);
        }
        catch (ContentionException)
        {
            if (stored is not null)
            {
                await values.DeleteChunksAsync(ownerId, stored);
            }
            throw;
        }
    }

    public async Task<ClipboardEntry> GetAsync(Guid readerId, GetEntryRequest request, CancellationToken cancellationToken)
    {
        var id = EntryId(request.Name, request.Idx);
        var ownerId = request.Owner ?? readerId;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var document = await store.ReadAsync<ClipboardDocument>(Containers.Clipboard, ownerId.ToString(), id, cancellationToken);
            if (document is null || !await access.CanReadAsync(document.Body, readerId, cancellationToken))
            {
                throw NotFound(request.Name, request.Idx);
            }
            // Null when a concurrent set replaced the entry (and its chunks) after our read: read the new one.
            if (await values.ReadAsync(document.Body, cancellationToken) is { } bytes)
            {
                return ClipboardEntry.From(document.Body, ClipboardValues.Encode(bytes, document.Body.Encoding));
            }
        }
        throw Contention();
    }

    public async Task DeleteAsync(Guid ownerId, string? name, long? idx, CancellationToken cancellationToken)
    {
        var id = EntryId(name, idx);
        var partition = ownerId.ToString();
        // Conditional, so the chunks we delete are the ones of the entry we deleted; a newer set is deleted on the next try.
        var deleted = await DocumentMutator.RetryRacesAsync(Containers.Clipboard, id, async ct =>
        {
            var document = await store.ReadAsync<ClipboardDocument>(Containers.Clipboard, partition, id, ct) ?? throw NotFound(name, idx);
            return await store.DeleteAsync(Containers.Clipboard, partition, id, document.ETag, ct) ? document : throw NotFound(name, idx);
        }, cancellationToken);
        await values.DeleteChunksAsync(ownerId, deleted.Body.Sealed);
    }

    // Deletes every entry of the owner's (named and stack), page by page; returns how many went.
    public async Task<int> ClearAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        ClipboardListResponse page;
        do
        {
            // Always the first page: what was on it is gone, so the next entries move up.
            page = await ListAsync(ownerId, null, null, 100, null, cancellationToken);
            foreach (var entry in page.Entries)
            {
                try
                {
                    await DeleteAsync(ownerId, entry.Name, entry.Name is null ? entry.Idx : null, cancellationToken);
                    deleted++;
                }
                catch (NotFoundException)
                {
                    // Expired or popped meanwhile.
                }
            }
        }
        while (page.Entries.Count > 0 && page.NextCursor is not null);
        return deleted;
    }

    public async Task<ClipboardListResponse> ListAsync(Guid readerId, Guid? owner, string? visibility, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        new Validator().Range("limit", limit, 1, MaxPageSize).OneOf("visibility", visibility, ClipboardValues.Visibilities).ThrowIfInvalid();
        var ownerId = owner ?? readerId;
        var filters = new List<Filter> { Filter.In(ClipboardDocument.Fields.Kind, [ClipboardKinds.Named, ClipboardKinds.Stack]) };
        if (ownerId == readerId)
        {
            if (visibility is not null)
            {
                filters.Add(Filter.Eq(ClipboardDocument.Fields.Visibility, visibility));
            }
        }
        else
        {
            var audiences = await access.AudiencesAsync(readerId, visibility, cancellationToken);
            if (audiences.Count == 0)
            {
                return new ClipboardListResponse([], null);
            }
            filters.Add(Filter.In(ClipboardDocument.Fields.Audience, [.. audiences]));
        }

        var page = await store.QueryAsync<ClipboardDocument>(new DocumentQuery(Containers.Clipboard)
        {
            PartitionKey = ownerId.ToString(),
            Filters = filters,
            OrderBy = ClipboardDocument.Fields.CreatedAt,
            Descending = true,
            Limit = limit ?? DefaultPageSize,
            ContinuationToken = cursor,
        }, cancellationToken);
        // A page may come back shorter than the limit when sharing ended; next_cursor still says whether more exist.
        var readable = await access.ReadableAsync(page.Items.Select(d => d.Body), readerId, cancellationToken);
        return new ClipboardListResponse(readable.Select(ClipboardEntrySummary.From).ToList(), page.ContinuationToken);
    }

    internal static ConflictException Contention() =>
        new("contention", "Too many concurrent changes to this clipboard; retry shortly.") { RetryAfter = TimeSpan.FromSeconds(1) };

    private static string EntryId(string? name, long? idx)
    {
        var validator = new Validator();
        if ((name is null) == (idx is null))
        {
            validator.Add(name is null ? "name" : "idx", "give either name or idx, not both or neither.");
        }
        if (idx < 1)
        {
            validator.Add("idx", "must be 1 or more.");
        }
        validator.Matches("name", name, NamePattern(), "is not a valid entry name.").ThrowIfInvalid();
        return name is not null ? ClipboardIds.Named(name) : ClipboardIds.Stack(idx!.Value);
    }

    private static NotFoundException NotFound(string? name, long? idx) =>
        new("not_found", name is not null
            ? $"No clipboard entry named '{name}' is visible to you (it may have expired)."
            : $"No clipboard entry at stack index {idx} is visible to you (it may have expired or been popped).");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$")]
    private static partial Regex NamePattern();
}
