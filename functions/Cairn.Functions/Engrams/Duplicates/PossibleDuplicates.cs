using Cairn.Engrams.Recall;
using Microsoft.Extensions.Options;

namespace Cairn.Engrams.Duplicates;

/// <summary>
/// Learning a paraphrase of an active engram: statements whose embeddings are at least
/// <see cref="EngramOptions.DuplicateSimilarity"/> alike (cosine) in the same scope, visible to the learner, are named in
/// a <c>possible_duplicate</c> warning, unless their polarities are opposite (a contradiction, reported as a conflict).
/// A warning, not a refusal: near-identical wording can still say different things.
/// </summary>
public sealed class PossibleDuplicates(EngramIndex index, EngramStore store, IOptions<EngramOptions> options)
{
    public async Task<IReadOnlyList<EngramWarning>> FindAsync(Guid ownerId, Engram engram, CancellationToken cancellationToken)
    {
        var threshold = options.Value.DuplicateSimilarity;
        var near = (await index.NearestAsync(engram.Statement, ownerId, engram.Scope, cancellationToken))
            .Where(n => n.Similarity >= threshold && !(n.OwnerId == ownerId && n.EngramId == engram.Id))
            .ToList();
        if (near.Count == 0)
        {
            return [];
        }
        // The store has the final word on what each says now and whether it is still active and visible.
        var read = await store.ReadManyAsync(near.Select(n => (engram.Scope, n.OwnerId, n.EngramId)), cancellationToken);
        var similarity = near.ToDictionary(n => (n.OwnerId, n.EngramId), n => n.Similarity);
        return read.Select(d => d.Body)
            .Where(other => other.Status == "active" && other.IsVisibleTo(ownerId) && !Opposite(engram.Polarity, other.View.Polarity))
            .OrderByDescending(other => similarity[(other.OwnerId, other.EngramId)])
            .Select(other => new EngramWarning("possible_duplicate", other.EngramId, other.OwnerId, other.Scope, other.View.Statement, "paraphrase",
                Math.Round(similarity[(other.OwnerId, other.EngramId)], 4),
                $"Says much the same as {other.EngramId} ('{other.View.Statement}'): statement similarity " +
                $"{similarity[(other.OwnerId, other.EngramId)]:0.000} ≥ {threshold}. If it is the same knowledge, learn that statement again to " +
                $"reinforce it and forget this one; if it differs, record it with POST /api/v1/engrams/{engram.Id}/reconcile (keep_both)."))
            .ToList();
    }

    // "Always X" and "Never X" embed alike; opposite polarity is a contradiction, which the conflict check reports.
    private static bool Opposite(string? a, string? b) => a is not null && b is not null && a != b;
}
