using Cairn.Errors;
using Cairn.Engrams.Recall;
using Cairn.Storage;

namespace Cairn.Engrams;

// Hard delete of an engram by its owner, beside forget (which retires it and keeps it readable): out of recall's index
// first, then the engram, its versions, its statement claim and last its id, so a crash part-way leaves a pointer the
// owner can delete again, never an engram that recall still finds.
public sealed class EngramDeletion(IDocumentStore store, EngramStore engrams, EngramIndex index)
{
    public async Task DeleteAsync(Guid ownerId, string engramId, CancellationToken cancellationToken)
    {
        var pointer = await engrams.PointerAsync(ownerId, engramId, cancellationToken) ?? throw new NotFoundException($"Engram {engramId}");
        var engram = await engrams.ReadAsync(pointer.Scope, ownerId, engramId, cancellationToken);
        await RemoveAsync(ownerId, engramId, pointer.Scope, engram?.Body, cancellationToken);
    }

    internal async Task RemoveAsync(Guid ownerId, string engramId, string scope, StoredEngram? engram, CancellationToken cancellationToken)
    {
        if (engram is not null)
        {
            await index.RemoveAsync(engram, cancellationToken);
            await store.DeleteAsync(Containers.Engrams, scope, engram.DocumentIdentity, null, cancellationToken);
            var claim = await store.ReadAsync<StatementClaim>(Containers.EngramClaims, ownerId.ToString(), StatementClaim.DocumentId(scope, engram.StatementHash), cancellationToken);
            if (claim?.Body.EngramId == engramId)
            {
                await store.DeleteAsync(Containers.EngramClaims, claim.PartitionKey, claim.Id, claim.ETag, cancellationToken);
            }
        }
        foreach (var version in await engrams.VersionsAsync(ownerId, engramId, cancellationToken))
        {
            await store.DeleteAsync(Containers.EngramVersions, ownerId.ToString(), EngramVersionRecord.DocumentId(engramId, version.Version), null, cancellationToken);
        }
        await store.DeleteAsync(Containers.EngramOwners, ownerId.ToString(), engramId, null, cancellationToken);
    }
}
