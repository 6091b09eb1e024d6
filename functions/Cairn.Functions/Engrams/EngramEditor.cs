using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Cairn.Hosting;
using Cairn.Storage;

namespace Cairn.Engrams;

/// <summary>
/// Content updates by JSON Merge Patch. Each change bumps <c>engram_version</c>, keeps the previous content as a
/// version document and points <c>previous_version_ref</c> at it. Fields Cairn maintains cannot be patched.
/// </summary>
public sealed class EngramEditor(EngramStore store, EngramChanges changes, EngramLifecycle lifecycle, ConflictDetector conflicts,
    EngramReader reader, TimeProvider clock)
{
    private static readonly Dictionary<string, string> Managed = new(StringComparer.Ordinal)
    {
        ["id"] = "cannot be changed.",
        ["scope"] = "cannot be changed: it decides where the engram is stored. Learn a new engram in the other scope, then reconcile with resolution 'supersede'.",
        ["status"] = "changes through POST /promote and /forget (and the promotion and dormancy jobs), not PATCH.",
        ["engram_version"] = "is maintained by Cairn: each update adds one.",
        ["previous_version_ref"] = "is maintained by Cairn: each update points it at the previous version.",
    };

    public async Task<(EngramWriteResponse Response, string ETag)> UpdateAsync(Guid ownerId, string engramId, JsonObject patch, IReadOnlyList<string>? ifMatch, CancellationToken cancellationToken)
    {
        return await DocumentMutator.RetryRacesAsync(Containers.Engrams, engramId, async cancellationToken =>
        {
            var current = await store.FindOwnAsync(ownerId, engramId, cancellationToken) ?? throw EngramReader.NotFound(engramId);
            EntityTags.Require(ifMatch, current.ETag, $"The engram '{engramId}'");
            var before = current.Body.Parse();
            var after = before.Clone();
            RefuseManagedChanges(before, patch);
            MergePatch.Apply(after.Json, patch);
            var errors = new SchemaErrors();
            EngramBodies.Validate(after.Json, errors);
            EngramBodies.ThrowIfInvalid(errors);
            if (JsonNode.DeepEquals(before.Json, after.Json))
            {
                return (new EngramWriteResponse(EngramWriteOutcomes.Unchanged, before.Json, reader.Meta(current.Body, clock.GetUtcNow()), []), current.ETag);
            }
            EngramBodies.ThrowIfSensitive(after);

            var now = clock.GetUtcNow();
            var statementChanged = StatementHashes.Of(before.Statement) != StatementHashes.Of(after.Statement);
            if (statementChanged && !patch.ContainsKey("content_hash") && (string?)before.Json["content_hash"] == StatementHashes.ContentHash(before.Statement))
            {
                after.Json["content_hash"] = StatementHashes.ContentHash(after.Statement);
            }
            var eventId = $"evt-{Guid.CreateVersion7(now):N}";
            await store.SaveVersionAsync(ownerId, new EngramVersionRecord(engramId, before.EngramVersion, eventId, now, current.Body.Engram), cancellationToken);
            after.Json["engram_version"] = before.EngramVersion + 1;
            after.Json["previous_version_ref"] = new JsonObject { ["event_id"] = eventId, ["changed_at"] = IsoDates.Format(now) };

            var updated = changes.Rebuild(current.Body, after, now);
            if (statementChanged)
            {
                await ClaimStatementAsync(updated, cancellationToken);
            }
            Document<StoredEngram> written;
            try
            {
                written = await store.ReplaceAsync(current, updated, cancellationToken);
            }
            catch (DocumentPreconditionFailedException) when (ifMatch is not null)
            {
                // The caller's If-Match named the version it saw: a lost race is its 412, not ours to retry.
                throw Stale(engramId);
            }
            if (statementChanged)
            {
                await store.ReleaseClaimAsync(current.Body.Scope, ownerId, current.Body.StatementHash);
            }
            var warnings = (await conflicts.DetectAsync(after, ownerId, cancellationToken)).ToList();
            warnings.AddRange(await lifecycle.SupersedeNamedAsync(ownerId, after, cancellationToken));
            warnings.AddRange(Integrity.EngramSignature.Warnings(after, ownerId));
            return (new EngramWriteResponse(EngramWriteOutcomes.Updated, after.Json, reader.Meta(written.Body, now), warnings), written.ETag);
        }, cancellationToken);
    }

    private static void RefuseManagedChanges(Engram before, JsonObject patch)
    {
        var errors = new SchemaErrors();
        foreach (var (field, rule) in Managed)
        {
            if (patch.TryGetPropertyValue(field, out var value) && !JsonNode.DeepEquals(value, before.Json[field]))
            {
                errors.Add(field, rule);
            }
        }
        EngramBodies.ThrowIfInvalid(errors);
    }

    /// <summary>The new statement must not be one the owner already has in this scope (that engram would be the same knowledge).</summary>
    private async Task ClaimStatementAsync(StoredEngram updated, CancellationToken cancellationToken)
    {
        var claim = await store.ClaimAsync(updated.Scope, updated.OwnerId, updated.StatementHash, updated.EngramId, cancellationToken);
        if (claim is null || claim.Body.EngramId == updated.EngramId)
        {
            return;
        }
        var holder = await store.ReadAsync(updated.Scope, updated.OwnerId, claim.Body.EngramId, cancellationToken);
        if (holder is not null && holder.Body.Status != EngramStatus.Retired && holder.Body.StatementHash == updated.StatementHash)
        {
            throw new ConflictException("duplicate_statement",
                $"Your engram '{claim.Body.EngramId}' already states this in scope '{updated.Scope}'; reconcile the two instead (POST /api/v1/engrams/{updated.EngramId}/reconcile).");
        }
        await store.TakeOverClaimAsync(claim, updated.EngramId, cancellationToken);
    }

    private static StaleVersionException Stale(string engramId) =>
        new($"The engram '{engramId}' changed since the ETag you sent in If-Match; GET it again and reapply your change.");
}
