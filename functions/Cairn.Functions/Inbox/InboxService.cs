using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Pulse;
using Cairn.Serialization;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Inbox;

/// <summary>
/// Writes events to inboxes (the source of truth) and then pushes them in real time. Event ids derive from the
/// cause, so writing the same event twice (a retried request) stores and pushes it once.
/// </summary>
public sealed class InboxService(IDocumentStore store, PulseDispatcher pulse, TimeProvider clock, IOptions<InboxOptions> options)
{
    public const int MaxMarkAll = 10_000;
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 50;
    public const int MaxMarkIds = 100;

    /// <summary>Inbox writes of one event in flight at once: a fan-out to 50 agents takes a few round trips, not 50.</summary>
    public const int ParallelWrites = 8;

    private static readonly Filter IsEvent = Filter.Eq(InboxEvent.Fields.Kind, InboxEvent.DocumentKind);
    private static readonly Filter IsUnread = Filter.Eq(InboxEvent.Fields.IsRead, false);

    /// <summary>Writes the event to each recipient's inbox, <see cref="ParallelWrites"/> at a time (one partition each: no batch spans them).</summary>
    public async Task NotifyAsync(IEnumerable<Guid> recipients, string eventType, string cause, object data, CancellationToken cancellationToken)
    {
        var eventData = JsonSerializer.SerializeToNode(data, CairnJson.Options)!.AsObject();
        // Each recipient's copy is made here, one after another: a JsonNode is not safe to read from several threads.
        var copies = recipients.Distinct().Select(recipient => (Recipient: recipient, Data: (JsonObject)eventData.DeepClone())).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(copies, parallel, async (copy, ct) =>
        {
            var (recipient, data) = copy;
            var now = clock.GetUtcNow();
            var inboxEvent = new InboxEvent(EventId(eventType, cause, recipient), recipient, eventType, data, false, now);
            try
            {
                await store.CreateAsync(Containers.Inbox, recipient.ToString(), inboxEvent.Id.ToString(), inboxEvent, new WriteOptions(options.Value.Retention), ct);
            }
            catch (DocumentConflictException)
            {
                return; // already delivered by an earlier attempt of the same request
            }
            // The push never fails the request: the event is already safe in the inbox.
            _ = pulse.Enqueue(PulseTarget.Agent(recipient), PulseMessage.Create(inboxEvent.Id, eventType, inboxEvent.EventData, now));
        });
    }

    public async Task<InboxResponse> GetAsync(Guid agentId, bool? unreadOnly, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        new Validator().Range("limit", limit, 1, MaxPageSize).ThrowIfInvalid();
        var page = await store.QueryAsync<InboxEvent>(PageQuery(agentId, unreadOnly == true, limit ?? DefaultPageSize, cursor), cancellationToken);
        var unread = await UnreadCountAsync(agentId, cancellationToken);
        return new InboxResponse(unread > 0, page.Items.Select(i => InboxEventResponse.From(i.Body)).ToList(), unread, page.ContinuationToken);
    }

    public async Task<MarkReadResponse> MarkReadAsync(Guid agentId, MarkReadRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator();
        if (request.MarkAll != true && (request.EventIds is null || request.EventIds.Count == 0))
        {
            v.Add("event_ids", "is required unless mark_all is true: the ids of the events to mark as read.");
        }
        if (request.EventIds?.Count > MaxMarkIds)
        {
            v.Add("event_ids", $"must have at most {MaxMarkIds} ids; use mark_all for more.");
        }
        v.ThrowIfInvalid();

        var marked = request.MarkAll == true
            ? await MarkAllAsync(agentId, cancellationToken)
            : await MarkAsync(agentId, request.EventIds!.Distinct(), cancellationToken);
        return new MarkReadResponse(marked, await UnreadCountAsync(agentId, cancellationToken));
    }

    private async Task<int> MarkAllAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var marked = 0;
        while (marked < MaxMarkAll)
        {
            var page = await store.QueryAsync<InboxEvent>(UnreadQuery(agentId) with { Limit = 500 }, cancellationToken);
            if (page.Items.Count == 0)
            {
                break;
            }
            marked += await MarkAsync(agentId, page.Items.Select(i => i.Body.Id), cancellationToken);
        }
        return marked;
    }

    /// <summary>Marks the caller's own events; ids of others' events, or unknown ones, are silently not there.</summary>
    private async Task<int> MarkAsync(Guid agentId, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var marked = 0;
        foreach (var id in ids)
        {
            var current = await store.ReadAsync<InboxEvent>(Containers.Inbox, agentId.ToString(), id.ToString(), cancellationToken);
            if (current is null || current.Body.IsRead)
            {
                continue;
            }
            try
            {
                var remaining = current.Body.CreatedAt + options.Value.Retention - clock.GetUtcNow();
                await store.ReplaceAsync(Containers.Inbox, agentId.ToString(), id.ToString(), current.Body with { IsRead = true },
                    current.ETag, new WriteOptions(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1)), cancellationToken);
                marked++;
            }
            catch (StorageException e) when (e is DocumentPreconditionFailedException or DocumentNotFoundException)
            {
                // Marked (or expired) by a concurrent request: nothing left to do for this one.
            }
        }
        return marked;
    }

    private Task<long> UnreadCountAsync(Guid agentId, CancellationToken cancellationToken) =>
        store.CountAsync(UnreadQuery(agentId), cancellationToken);

    /// <summary>Newest first, keyset-paged; PostgreSQL serves it from documents_inbox_newest (or _unread), migration 0005.</summary>
    internal static DocumentQuery PageQuery(Guid agentId, bool unreadOnly, int limit, string? cursor) =>
        new(Containers.Inbox)
        {
            PartitionKey = agentId.ToString(), Filters = unreadOnly ? [IsEvent, IsUnread] : [IsEvent],
            OrderBy = InboxEvent.Fields.CreatedAt, Descending = true, Limit = limit, ContinuationToken = cursor,
        };

    /// <summary>The agent's unread events; counted on PostgreSQL by an index-only scan of documents_inbox_unread, whose predicate repeats these filters.</summary>
    internal static DocumentQuery UnreadQuery(Guid agentId) =>
        new(Containers.Inbox) { PartitionKey = agentId.ToString(), Filters = [IsEvent, IsUnread] };

    /// <summary>A name-based id (as UUID v5 does, with SHA-256): the same event for the same recipient always gets the same id.</summary>
    internal static Guid EventId(string eventType, string cause, Guid recipient)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{eventType}|{cause}|{recipient}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
