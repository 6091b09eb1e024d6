using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cairn.Events.Inbound;

/// <summary>
/// Applies each inbound event (one agent's <c>source</c> + <c>id</c>) at most once within
/// <see cref="EventsOptions.InboundDeduplicationWindow"/>: the first delivery claims it with an atomic create, so
/// concurrent duplicates cannot both run; a later duplicate gets the first one's result back and changes nothing.
/// </summary>
public sealed class InboundEventLedger(IDocumentStore store, IOptions<EventsOptions> options, IOptions<JsonOptions> json, TimeProvider clock)
{
    // A claim this old whose request never finished (its instance died) may be taken over.
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async Task<InboundEventResponse> ApplyOnceAsync(InboundEvent e, Guid agentId, Func<Task<object>> apply, CancellationToken cancellationToken)
    {
        var partition = agentId.ToString();
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{e.Source}\n{e.Id}")));
        var window = new WriteOptions(options.Value.InboundDeduplicationWindow);
        var pending = new InboundEventRecord(e.Source, e.Id, e.Type, InboundEventRecord.Pending, clock.GetUtcNow(), null);
        Document<InboundEventRecord> claim;
        try
        {
            claim = await store.CreateAsync(Containers.InboundEvents, partition, id, pending, window, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            var existing = await store.ReadAsync<InboundEventRecord>(Containers.InboundEvents, partition, id, cancellationToken);
            if (existing?.Body is { State: InboundEventRecord.Done, Result: { } result })
            {
                return new InboundEventResponse(e.Id, existing.Body.Type, JsonNode.Parse(result)!, Duplicate: true);
            }
            // Released (its request failed) or expired between the create and the read, or still running: retry shortly.
            if (existing is null || clock.GetUtcNow() - existing.Body.ReceivedAt < AbandonedAfter)
            {
                throw InProgress(e);
            }
            try
            {
                claim = await store.ReplaceAsync(Containers.InboundEvents, partition, id, pending, existing.ETag, window, cancellationToken);
            }
            catch (StorageException exception) when (exception is DocumentPreconditionFailedException or DocumentNotFoundException)
            {
                throw InProgress(e);
            }
        }

        object applied;
        try
        {
            applied = await apply();
        }
        catch
        {
            await ReleaseAsync(partition, id, claim.ETag);
            throw;
        }
        var done = claim.Body with { State = InboundEventRecord.Done, Result = JsonSerializer.Serialize(applied, json.Value.SerializerOptions) };
        // Not the request's token: the event was applied, so its record must be kept even if the sender hung up.
        await store.ReplaceAsync(Containers.InboundEvents, partition, id, done, claim.ETag, window, CancellationToken.None);
        return new InboundEventResponse(e.Id, e.Type, applied, Duplicate: false);
    }

    // Frees the event for a retry; if even that fails, the claim is taken over once it counts as abandoned.
    private async Task ReleaseAsync(string partition, string id, string etag)
    {
        try
        {
            await store.DeleteAsync(Containers.InboundEvents, partition, id, etag, CancellationToken.None);
        }
        catch (StorageException)
        {
        }
    }

    private static ConflictException InProgress(InboundEvent e) =>
        new("event_in_progress",
            $"Event '{e.Id}' from '{e.Source}' is being applied by another request; send it again shortly to get its result.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };
}

/// <summary>An inbound event seen from one agent: pending while it is applied, then done with the result to answer duplicates with.</summary>
public sealed record InboundEventRecord(string Source, string EventId, string Type, string State, DateTimeOffset ReceivedAt, string? Result)
{
    public const string Pending = "pending";
    public const string Done = "done";
}
