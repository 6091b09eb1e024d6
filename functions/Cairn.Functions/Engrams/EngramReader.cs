using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;
using Cairn.Engrams.Entities;
using Cairn.Errors;

namespace Cairn.Engrams;

/// <summary>An owner's engrams as the API shows them: the JSON as stored, plus Cairn's meta with activation now.</summary>
public sealed class EngramReader(EngramStore store, ActivationModel activation, TimeProvider clock)
{
    public EngramMeta Meta(StoredEngram stored, DateTimeOffset now)
    {
        var value = activation.Activation(stored.Access, now);
        DateTimeOffset? dormantAt = stored.DormantAt == StoredEngram.Never ? null : IsoDates.TryParse(stored.DormantAt, out var at, out _) ? at : null;
        return new EngramMeta(stored.OwnerId, stored.Owner, stored.Recurrences, value, Math.Round(activation.RetrievalStrength(value, stored.View.StorageStrength), 4),
            stored.Access.Count, stored.Access.Last, dormantAt, stored.Transitions, stored.CreatedAt, stored.UpdatedAt,
            Integrity.EngramSignature.Verify(stored.Parse()));
    }

    public DateTimeOffset Now() => clock.GetUtcNow();

    public async Task<(EngramResponse Response, string ETag)> GetAsync(Guid ownerId, string engramId, CancellationToken cancellationToken)
    {
        var document = await store.FindOwnAsync(ownerId, engramId, cancellationToken) ?? throw NotFound(engramId);
        return (new EngramResponse(document.Body.Parse().Json, Meta(document.Body, clock.GetUtcNow())), document.ETag);
    }

    public async Task<EngramListResponse> ListAsync(Guid ownerId, string? status, int? limit, string? cursor, CancellationToken cancellationToken, string? entity = null)
    {
        var validator = new Validator().Range("limit", limit, 1, 100).Length("entity", entity, 1, 200);
        if (status is not null)
        {
            validator.OneOf("status", status, EngramSchema.Statuses);
        }
        validator.ThrowIfInvalid();
        if (entity is not null)
        {
            return await EntityFilter.ListAsync(this, store, ownerId, status, entity, limit ?? 20, cursor, cancellationToken);
        }
        var page = await store.PointersAsync(ownerId, status, limit ?? 20, cursor, cancellationToken);
        var now = clock.GetUtcNow();
        var reads = page.Items.Select(pointer => store.ReadAsync(pointer.Body.Scope, ownerId, pointer.Id, cancellationToken));
        var engrams = (await Task.WhenAll(reads)).OfType<Storage.Document<StoredEngram>>()
            .Select(document => new EngramResponse(document.Body.Parse().Json, Meta(document.Body, now)))
            .ToList();
        return new EngramListResponse(engrams, page.ContinuationToken);
    }

    public async Task<EngramVersionsResponse> VersionsAsync(Guid ownerId, string engramId, CancellationToken cancellationToken)
    {
        var current = await store.FindOwnAsync(ownerId, engramId, cancellationToken) ?? throw NotFound(engramId);
        var engram = current.Body.Parse();
        var previous = await store.VersionsAsync(ownerId, engramId, cancellationToken);
        var versions = previous.Where(v => v.Version < engram.EngramVersion)
            .Select(v => new EngramVersionSummary(v.Version, v.EventId, v.ChangedAt, false))
            .Append(new EngramVersionSummary(engram.EngramVersion, null, current.Body.UpdatedAt, true))
            .ToList();
        return new EngramVersionsResponse(engramId, versions);
    }

    public async Task<EngramVersionResponse> VersionAsync(Guid ownerId, string engramId, long version, CancellationToken cancellationToken)
    {
        var current = await store.FindOwnAsync(ownerId, engramId, cancellationToken) ?? throw NotFound(engramId);
        var engram = current.Body.Parse();
        if (version == engram.EngramVersion)
        {
            return new EngramVersionResponse(engramId, version, true, engram.Json);
        }
        var stored = version < engram.EngramVersion ? await store.ReadVersionAsync(ownerId, engramId, version, cancellationToken) : null;
        return stored is null
            ? throw new NotFoundException($"Version {version} of the engram '{engramId}'")
            : new EngramVersionResponse(engramId, version, false, JsonNode.Parse(stored.Engram)!.AsObject());
    }

    public static NotFoundException NotFound(string engramId) => new NotFoundException($"The engram '{engramId}'");
}
