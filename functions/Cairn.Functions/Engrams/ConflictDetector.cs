using Microsoft.Extensions.Options;

namespace Cairn.Engrams;

// Tension detection on save. An engram conflicts with another when it names it in relations.conflicts, or when both are
// about the same subject (content-word overlap at least the configured similarity, and the same domain when both have
// one) with opposite polarity. Pairs already reconciled (related, supersedes, superseded_by) are left alone. The result
// is a warning; reconciling is the caller's explicit act.
public sealed class ConflictDetector(EngramStore store, IOptions<EngramOptions> options)
{
    private readonly double _threshold = options.Value.ConflictSimilarity;

    public async Task<IReadOnlyList<EngramWarning>> DetectAsync(Engram engram, Guid ownerId, CancellationToken cancellationToken)
    {
        var warnings = new List<EngramWarning>();
        var named = engram.Related("conflicts").ToHashSet(StringComparer.Ordinal);
        foreach (var id in named)
        {
            var other = await store.FindOwnAsync(ownerId, id, cancellationToken);
            warnings.Add(new EngramWarning("conflict", id, other is null ? null : ownerId, other?.Body.Scope, other?.Body.View.Statement, "explicit",
                null, other is null
                    ? $"relations.conflicts names {id}, which is not one of your engrams; reconcile it where it lives."
                    : $"Conflicts with {id} ('{other.Body.View.Statement}') as relations.conflicts says; reconcile with POST /api/v1/engrams/{engram.Id}/reconcile."));
        }

        if (Polarity.Opposite(engram.Polarity) is not { } opposite)
        {
            return warnings;
        }
        var linked = engram.Related("related").Concat(engram.Related("supersedes")).Concat(engram.Related("superseded_by")).Concat(named)
            .ToHashSet(StringComparer.Ordinal);
        var view = RecallView.From(engram);
        var ownOnly = Scopes.Reach(engram.Scope) == ScopeReach.Owner;
        // Another agent's engram is named in a warning only when that agent shares it: a private one stays unseen.
        await foreach (var document in store.InScopeAsync(engram.Scope, e => e.Polarity == opposite && (!ownOnly || e.OwnerId == ownerId) && e.IsVisibleTo(ownerId), cancellationToken))
        {
            var other = document.Body;
            var self = other.OwnerId == ownerId && other.EngramId == engram.Id;
            if (self || other.Status is EngramStatus.Retired or EngramStatus.Dormant || (other.OwnerId == ownerId && linked.Contains(other.EngramId)))
            {
                continue;
            }
            if (Contradiction(view, other.View, _threshold) is { } similarity)
            {
                warnings.Add(new EngramWarning("conflict", other.EngramId, other.OwnerId, other.Scope, other.View.Statement, "opposite_polarity", similarity,
                    $"May contradict {other.EngramId} ('{other.View.Statement}'): same subject, opposite polarity. " +
                    $"Reconcile with POST /api/v1/engrams/{engram.Id}/reconcile, or set relations.conflicts to record the tension."));
            }
        }
        return warnings;
    }

    // The subject similarity of two engrams of opposite polarity when it reaches the threshold, else null.
    public static double? Contradiction(RecallView a, RecallView b, double threshold)
    {
        if (Polarity.Opposite(a.Polarity) != b.Polarity)
        {
            return null;
        }
        if (a.Domain is { } da && b.Domain is { } db && !string.Equals(da, db, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var similarity = Lexical.Jaccard(Lexical.Subject(a.Statement), Lexical.Subject(b.Statement));
        return similarity >= threshold ? Math.Round(similarity, 4) : null;
    }
}
