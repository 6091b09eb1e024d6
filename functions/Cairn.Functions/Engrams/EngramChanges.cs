using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Engrams;

// Read-change-write of one stored engram with optimistic concurrency: the change is applied to the freshest copy and
// retried when another write got there first. Also the shared steps of a change (access, status, rebuild).
public sealed class EngramChanges(EngramStore store, ActivationModel activation, TimeProvider clock)
{
    // A change: given the stored engram and its parsed JSON (to mutate), the new stored form, or null for none.
    public delegate StoredEngram? Change(StoredEngram stored, Engram engram, DateTimeOffset now);

    public Task<Document<StoredEngram>> ApplyAsync(string scope, Guid ownerId, string engramId, Change change, CancellationToken cancellationToken) =>
        // Someone else changed it since we read it: the change is applied again to their version (DocumentMutator's bounds).
        DocumentMutator.RetryRacesAsync(Containers.Engrams, engramId, async ct =>
        {
            var current = await store.ReadAsync(scope, ownerId, engramId, ct) ?? throw new NotFoundException($"The engram '{engramId}'");
            var updated = change(current.Body, current.Body.Parse(), clock.GetUtcNow());
            return updated is null ? current : await store.ReplaceAsync(current, updated, ct);
        }, cancellationToken);

    // As ApplyAsync(string, Guid, string, Change, CancellationToken), first trying a copy just read (saving a read).
    public async Task<Document<StoredEngram>> ApplyAsync(Document<StoredEngram> known, Change change, CancellationToken cancellationToken)
    {
        var updated = change(known.Body, known.Body.Parse(), clock.GetUtcNow());
        if (updated is null)
        {
            return known;
        }
        try
        {
            return await store.ReplaceAsync(known, updated, cancellationToken);
        }
        catch (StorageException exception) when (exception is DocumentPreconditionFailedException or DocumentNotFoundException)
        {
            return await ApplyAsync(known.Body.Scope, known.Body.OwnerId, known.Body.EngramId, change, cancellationToken);
        }
    }

    // The stored form of a changed engram, keeping owner and creation, recomputing everything derived.
    public StoredEngram Rebuild(StoredEngram stored, Engram engram, DateTimeOffset now, AccessHistory? access = null, long? recurrences = null, string? reason = null)
    {
        var transitions = stored.Status == engram.Status ? stored.Transitions : stored.Transitions.With(new Transition(stored.Status, engram.Status, now, reason ?? "changed"));
        return StoredEngrams.Build(engram, stored.OwnerId, stored.Owner, access ?? stored.Access, recurrences ?? stored.Recurrences, transitions, stored.CreatedAt, now, activation);
    }

    // Records an access: the history for A(t), and PLUR's activation block (last_accessed, retrieval_strength, and
    // frequency when the access is a recall).
    public AccessHistory RecordAccess(StoredEngram stored, Engram engram, DateTimeOffset now, bool recall) =>
        RecordAccess(stored.Access, engram, now, recall);

    // Records an access at at (a recall receipt's time when receipt is given).
    public AccessHistory RecordAccess(AccessHistory history, Engram engram, DateTimeOffset at, bool recall, Guid? receipt = null)
    {
        var access = history.Record(at, receipt);
        var block = Engram.Child(engram.Json, "activation");
        EngramSchema.Activation.ApplyDefaults(block);
        block["last_accessed"] = IsoDates.Format(access.Last);
        block["retrieval_strength"] = Math.Round(ActivationModel.RetrievalStrength(activation.Activation(access, access.Last)), 4);
        if (recall)
        {
            Engram.Increment(block, "frequency");
        }
        return access;
    }

    // Usage counters (created with their defaults when the engram has none yet).
    public static JsonObject Usage(Engram engram)
    {
        var usage = Engram.Child(engram.Json, "usage");
        EngramSchema.Engram.Find("usage")!.Shape.ApplyDefaults(usage);
        return usage;
    }
}
