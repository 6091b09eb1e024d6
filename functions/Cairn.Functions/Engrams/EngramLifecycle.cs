using Cairn.Engrams.Recall;
using Cairn.Engrams.Schema;
using Cairn.Errors;

namespace Cairn.Engrams;

/// <summary>
/// Transitions (candidate → active → dormant → retired), feedback, and reconciliation of conflicts. Each is a
/// read-change-write of one engram, recorded in its transitions; none is a content change, so none makes a version.
/// </summary>
public sealed class EngramLifecycle(EngramStore store, EngramChanges changes, EngramReader reader, ScopeMembership membership, EngramEvents events, TimeProvider clock)
{
    public static readonly string[] Signals = ["positive", "negative", "neutral"];
    public static readonly string[] Resolutions = ["supersede", "keep_both"];

    /// <summary>Negative feedback scales retrieval strength by this.</summary>
    public const double NegativeFeedbackFactor = 0.8;

    public async Task<EngramWriteResponse> PromoteAsync(Guid ownerId, string engramId, CancellationToken cancellationToken)
    {
        var scope = await ScopeOfOwnAsync(ownerId, engramId, cancellationToken);
        var written = await changes.ApplyAsync(scope, ownerId, engramId, (stored, engram, now) =>
        {
            switch (engram.Status)
            {
                case EngramStatus.Active:
                    return null;
                case EngramStatus.Retired:
                    throw new ConflictException("engram_retired", $"The engram '{engramId}' is retired (forgotten or superseded) and cannot be promoted; learn the statement again to start a new one.");
            }
            // Promotion is an access: otherwise a long-dormant engram would fall dormant again at the next job run.
            var access = changes.RecordAccess(stored, engram, now, recall: false);
            engram.Status = EngramStatus.Active;
            return changes.Rebuild(stored, engram, now, access, reason: "promoted");
        }, cancellationToken);
        await events.PromotedAsync(written, cancellationToken);
        return Response(EngramWriteOutcomes.Promoted, written.Body);
    }

    public async Task<EngramWriteResponse> ForgetAsync(Guid ownerId, string engramId, CancellationToken cancellationToken)
    {
        var scope = await ScopeOfOwnAsync(ownerId, engramId, cancellationToken);
        var written = await changes.ApplyAsync(scope, ownerId, engramId, (stored, engram, now) =>
        {
            if (engram.Status == EngramStatus.Retired)
            {
                return null;
            }
            engram.Status = EngramStatus.Retired;
            return changes.Rebuild(stored, engram, now, reason: "forgotten");
        }, cancellationToken);
        return Response(EngramWriteOutcomes.Retired, written.Body);
    }

    /// <summary>
    /// Feedback from anyone who can recall the engram: positive counts as an access (it was used and helped),
    /// negative scales retrieval strength down, neutral is only counted. Usage hits and misses follow.
    /// </summary>
    public async Task<EngramWriteResponse> FeedbackAsync(Guid callerId, string engramId, FeedbackRequest request, CancellationToken cancellationToken)
    {
        new Validator().Required("signal", request.Signal).OneOf("signal", request.Signal, Signals).ThrowIfInvalid();
        var ownerId = request.OwnerId ?? callerId;
        var scope = await ScopeOfOwnAsync(ownerId, engramId, cancellationToken);
        if (ownerId != callerId && (Scopes.Reach(scope) == ScopeReach.Owner || !await membership.IsMemberAsync(callerId, scope, cancellationToken)
            || (await store.ReadAsync(scope, ownerId, engramId, cancellationToken))?.Body.IsVisibleTo(callerId) != true))
        {
            // Someone else's personal engram, or a workspace's the caller is not in: answer as if it did not exist.
            throw EngramReader.NotFound(engramId);
        }
        var written = await changes.ApplyAsync(scope, ownerId, engramId, (stored, engram, now) =>
        {
            Engram.Increment(engram.FeedbackSignals, request.Signal!);
            EngramSchema.FeedbackSignals.ApplyDefaults(engram.FeedbackSignals);
            var access = stored.Access;
            switch (request.Signal)
            {
                case "positive":
                    access = changes.RecordAccess(stored, engram, now, recall: false);
                    var usage = EngramChanges.Usage(engram);
                    Engram.Increment(usage, "hits");
                    usage["last_hit_at"] = IsoDates.Format(now);
                    break;
                case "negative":
                    var activation = engram.Activation;
                    EngramSchema.Activation.ApplyDefaults(activation);
                    activation["retrieval_strength"] = Math.Round((JsonNumbers.Get(activation["retrieval_strength"]) ?? 0.7) * NegativeFeedbackFactor, 4);
                    Engram.Increment(EngramChanges.Usage(engram), "misses");
                    break;
            }
            return changes.Rebuild(stored, engram, now, access);
        }, cancellationToken);
        return Response(EngramWriteOutcomes.Recorded, written.Body);
    }

    /// <summary>
    /// Resolves a conflict between the caller's engram and another of theirs: <c>supersede</c> retires the other and
    /// links the two (supersedes / superseded_by); <c>keep_both</c> records that both hold (related, not conflicts).
    /// </summary>
    public async Task<EngramWriteResponse> ReconcileAsync(Guid ownerId, string engramId, ReconcileRequest request, CancellationToken cancellationToken)
    {
        new Validator()
            .Required("with", request.With).Matches("with", request.With, EngramSchema.IdPattern(), EngramSchema.IdRule)
            .Required("resolution", request.Resolution).OneOf("resolution", request.Resolution, Resolutions)
            .ThrowIfInvalid();
        var other = request.With!;
        if (other == engramId)
        {
            throw new ValidationFailedException("with", "must name another engram.");
        }
        var scope = await ScopeOfOwnAsync(ownerId, engramId, cancellationToken);
        var otherScope = await ScopeOfOwnAsync(ownerId, other, cancellationToken);
        if (request.Resolution == "supersede")
        {
            await SupersedeAsync(ownerId, engramId, other, otherScope, cancellationToken);
        }
        else
        {
            await LinkAsync(ownerId, other, otherScope, engramId, cancellationToken);
        }
        var written = await changes.ApplyAsync(scope, ownerId, engramId, (stored, engram, now) =>
        {
            var changed = engram.RemoveRelation("conflicts", other);
            changed |= request.Resolution == "supersede" ? engram.AddRelation("supersedes", other) : engram.AddRelation("related", other);
            return changed ? changes.Rebuild(stored, engram, now) : null;
        }, cancellationToken);
        return Response(EngramWriteOutcomes.Reconciled, written.Body);
    }

    /// <summary>Retires the engrams a new or changed engram names in <c>relations.supersedes</c>; warns about names it cannot find.</summary>
    public async Task<IReadOnlyList<EngramWarning>> SupersedeNamedAsync(Guid ownerId, Engram engram, CancellationToken cancellationToken)
    {
        var warnings = new List<EngramWarning>();
        foreach (var old in engram.Related("supersedes").Where(id => id != engram.Id).Distinct(StringComparer.Ordinal))
        {
            var pointer = await store.PointerAsync(ownerId, old, cancellationToken);
            if (pointer is null)
            {
                warnings.Add(new EngramWarning("supersedes_unknown", old, null, null, null, "not_found", null,
                    $"relations.supersedes names {old}, which is not one of your engrams; nothing was retired."));
                continue;
            }
            await SupersedeAsync(ownerId, engram.Id, old, pointer.Scope, cancellationToken);
        }
        return warnings;
    }

    private Task SupersedeAsync(Guid ownerId, string newer, string older, string olderScope, CancellationToken cancellationToken) =>
        changes.ApplyAsync(olderScope, ownerId, older, (stored, engram, now) =>
        {
            var changed = engram.AddRelation("superseded_by", newer);
            changed |= engram.RemoveRelation("conflicts", newer);
            if (engram.Status != EngramStatus.Retired)
            {
                engram.Status = EngramStatus.Retired;
                changed = true;
            }
            return changed ? changes.Rebuild(stored, engram, now, reason: $"superseded by {newer}") : null;
        }, cancellationToken);

    private Task LinkAsync(Guid ownerId, string engramId, string scope, string relatedId, CancellationToken cancellationToken) =>
        changes.ApplyAsync(scope, ownerId, engramId, (stored, engram, now) =>
        {
            var changed = engram.RemoveRelation("conflicts", relatedId);
            changed |= engram.AddRelation("related", relatedId);
            return changed ? changes.Rebuild(stored, engram, now) : null;
        }, cancellationToken);

    private async Task<string> ScopeOfOwnAsync(Guid ownerId, string engramId, CancellationToken cancellationToken) =>
        (await store.PointerAsync(ownerId, engramId, cancellationToken))?.Scope ?? throw EngramReader.NotFound(engramId);

    private EngramWriteResponse Response(string outcome, StoredEngram stored) =>
        new(outcome, stored.Parse().Json, reader.Meta(stored, clock.GetUtcNow()), []);
}
