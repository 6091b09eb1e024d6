using System.Text.Json.Nodes;
using Cairn.Engrams.Recall;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Engrams;

/// <summary>
/// Learning: a new statement becomes an engram (status candidate unless stated); the same statement learned again
/// by the same owner in the same scope reinforces the engram it already is, which is how candidates recur.
/// Imports create engrams the same way but skip, rather than reinforce, what the owner already has.
/// </summary>
public sealed class LearnService(EngramStore store, EngramChanges changes, EngramLifecycle lifecycle, ConflictDetector conflicts,
    EngramReader reader, ScopeMembership membership, ActivationModel activation, Duplicates.PossibleDuplicates duplicates, TimeProvider clock)
{
    /// <summary>What creating an engram came to: created, or the owner already has the id, or the statement (in that engram).</summary>
    public sealed record Creation(StoredEngram? Created, bool IdTaken, Document<StoredEngram>? Duplicate);

    /// <summary>How long a claim without its engram counts as a learn still writing it, before it is taken as abandoned.</summary>
    private static readonly TimeSpan ClaimInFlight = TimeSpan.FromSeconds(30);

    public async Task<EngramWriteResponse> LearnAsync(Guid ownerId, string owner, JsonObject json, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var generatedId = !json.ContainsKey("id");
        if (generatedId)
        {
            json.Insert(0, "id", EngramIds.New(now));
        }
        if (!json.ContainsKey("status"))
        {
            json["status"] = EngramStatus.Candidate;
        }
        if (!json.ContainsKey("commitment"))
        {
            json["commitment"] = "leaning"; // PLUR: "provisional preference (default for plur_learn)"; imports keep what they carry
        }
        var errors = new SchemaErrors();
        EngramBodies.Validate(json, errors);
        EngramBodies.ThrowIfInvalid(errors);
        var engram = EngramBodies.Complete(json, now);
        EngramBodies.ThrowIfSensitive(engram);
        await membership.RequireMemberAsync(ownerId, engram.Scope, cancellationToken);

        var creation = await CreateAsync(ownerId, owner, engram, generatedId, "learned", cancellationToken);
        if (creation.IdTaken)
        {
            throw new ConflictException("engram_exists", $"You already have an engram '{engram.Id}'; change it with PATCH /api/v1/engrams/{engram.Id}, or leave out id to get a new one.");
        }
        if (creation.Duplicate is { } existing)
        {
            return await ReinforceAsync(existing, cancellationToken);
        }
        var warnings = await WarningsAsync(ownerId, engram, cancellationToken);
        return new EngramWriteResponse(EngramWriteOutcomes.Created, engram.Json, reader.Meta(creation.Created!, now), warnings);
    }

    /// <summary>Conflicts the new engram has, and the engrams it supersedes (retired here).</summary>
    public async Task<IReadOnlyList<EngramWarning>> WarningsAsync(Guid ownerId, Engram engram, CancellationToken cancellationToken)
    {
        var warnings = (await conflicts.DetectAsync(engram, ownerId, cancellationToken)).ToList();
        warnings.AddRange(await lifecycle.SupersedeNamedAsync(ownerId, engram, cancellationToken));
        warnings.AddRange(Integrity.EngramSignature.Warnings(engram, ownerId));
        warnings.AddRange(await duplicates.FindAsync(ownerId, engram, cancellationToken));
        return warnings;
    }

    /// <summary>
    /// Stores a validated, completed engram: reserves its id for the owner, claims its statement in its scope, writes it.
    /// Nothing is left behind when the id or the statement is already the owner's.
    /// </summary>
    public async Task<Creation> CreateAsync(Guid ownerId, string owner, Engram engram, bool generatedId, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!await ReserveIdAsync(ownerId, engram, generatedId, now, cancellationToken))
        {
            return new Creation(null, true, null);
        }
        var stored = StoredEngrams.Build(engram, ownerId, owner, AccessHistory.Starting(now), 1,
            [new Transition("", engram.Status, now, reason)], now, now, activation);

        var claim = await store.ClaimAsync(stored.Scope, ownerId, stored.StatementHash, stored.EngramId, cancellationToken, now);
        for (var attempt = 1; claim is not null; attempt++)
        {
            var existing = await store.ReadAsync(stored.Scope, ownerId, claim.Body.EngramId, cancellationToken);
            if (existing is not null && existing.Body.Status != EngramStatus.Retired && existing.Body.StatementHash == stored.StatementHash)
            {
                await store.ReleaseIdAsync(ownerId, stored.EngramId);
                return new Creation(null, false, existing);
            }
            // A claim whose engram is not there yet is a learn in flight: wait for its engram rather than making a second one.
            var inFlight = existing is null && claim.Body.ClaimedAt is { } claimedAt && now - claimedAt < ClaimInFlight;
            if (!inFlight)
            {
                // Stale: its engram is retired, gone, or says something else now (an update or a learn that failed half-way).
                await TakeOverAsync(claim, stored, cancellationToken);
                break;
            }
            if (attempt >= DocumentMutator.MaxAttempts)
            {
                await store.ReleaseIdAsync(ownerId, stored.EngramId);
                throw new ContentionException(Containers.EngramClaims, claim.Id, attempt);
            }
            await DocumentMutator.BackOffAsync(attempt, cancellationToken);
            claim = await store.ClaimAsync(stored.Scope, ownerId, stored.StatementHash, stored.EngramId, cancellationToken, now);
        }

        try
        {
            await store.CreateAsync(stored, cancellationToken);
        }
        catch
        {
            // Leave nothing behind, so retrying the same request starts clean.
            await store.ReleaseClaimAsync(stored.Scope, ownerId, stored.StatementHash);
            await store.ReleaseIdAsync(ownerId, stored.EngramId);
            throw;
        }
        return new Creation(stored, false, null);
    }

    private async Task<bool> ReserveIdAsync(Guid ownerId, Engram engram, bool generatedId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.ReserveIdAsync(ownerId, engram.Id, new EngramPointer(engram.Scope, engram.Status, now), cancellationToken);
                return true;
            }
            catch (DocumentConflictException) when (generatedId && attempt < 3)
            {
                // 40 random bits collided within one owner's engrams; draw again.
                engram.Json["id"] = EngramIds.New(now);
            }
            catch (DocumentConflictException)
            {
                return false;
            }
        }
    }

    private async Task TakeOverAsync(Document<StatementClaim> claim, StoredEngram stored, CancellationToken cancellationToken)
    {
        try
        {
            await store.TakeOverClaimAsync(claim, stored.EngramId, cancellationToken);
        }
        catch (StorageException exception) when (exception is DocumentPreconditionFailedException or DocumentNotFoundException)
        {
            await store.ReleaseIdAsync(stored.OwnerId, stored.EngramId);
            throw new ContentionException(Containers.EngramClaims, claim.Id, 1);
        }
    }

    /// <summary>One more recurrence: an access, and a dormant engram wakes. Promotion of candidates is the job's.</summary>
    private async Task<EngramWriteResponse> ReinforceAsync(Document<StoredEngram> existing, CancellationToken cancellationToken)
    {
        var written = await changes.ApplyAsync(existing, (stored, engram, now) =>
        {
            var access = changes.RecordAccess(stored, engram, now, recall: false);
            if (engram.Status == EngramStatus.Dormant)
            {
                engram.Status = EngramStatus.Active;
            }
            return changes.Rebuild(stored, engram, now, access, stored.Recurrences + 1, "learned again");
        }, cancellationToken);
        return new EngramWriteResponse(EngramWriteOutcomes.Reinforced, written.Body.Parse().Json, reader.Meta(written.Body, clock.GetUtcNow()), []);
    }
}
