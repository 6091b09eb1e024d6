using Cairn.Engrams.Associations;

namespace Cairn.Engrams.Recall;

/// <summary>
/// One hop of spreading activation: an engram the search found passes relevance along its associations to the same
/// owner's engrams, spread = its relevance × the association's strength × <see cref="Factor"/>. An engram's
/// relevance is the larger of its own and the best spread it receives, so a neighbour the task's words missed can be
/// recalled, always ranked below what passed it on. Only neighbours in the recall's scopes that the caller may see come in.
/// </summary>
public sealed class SpreadingActivation(EngramStore store)
{
    public const double Factor = 0.5;

    /// <summary>At most this many neighbours not already found are read per recall (the strongest spreads).</summary>
    public const int MaxNeighbours = 20;

    /// <summary>The best spread each (owner, engram) receives from the candidates with relevance.</summary>
    public static Dictionary<(Guid Owner, string Id), double> Spreads(IEnumerable<RecallCandidate> candidates, Func<RecallCandidate, double> relevance)
    {
        var spreads = new Dictionary<(Guid, string), double>();
        foreach (var source in candidates)
        {
            var from = relevance(source);
            foreach (var association in from > 0 ? source.View.Associations ?? [] : [])
            {
                var key = (source.OwnerId, association.Target);
                var spread = Math.Round(from * association.Strength * Factor, 6);
                if (association.Target != source.EngramId && spread > spreads.GetValueOrDefault(key))
                {
                    spreads[key] = spread;
                }
            }
        }
        return spreads;
    }

    /// <summary>The candidates with the neighbours they reach, and relevance that includes the spread.</summary>
    public async Task<(IReadOnlyList<RecallCandidate> Candidates, Func<RecallCandidate, double> Relevance)> SpreadAsync(
        IReadOnlyList<RecallCandidate> found, Func<RecallCandidate, double> relevance, IReadOnlyList<string> scopes, Func<StoredEngram, bool> visible,
        CancellationToken cancellationToken)
    {
        var spreads = Spreads(found, relevance);
        if (spreads.Count == 0)
        {
            return (found, relevance);
        }
        var known = found.Select(c => (c.OwnerId, c.EngramId)).ToHashSet();
        var missing = spreads.Where(s => !known.Contains(s.Key)).OrderByDescending(s => s.Value).Take(MaxNeighbours).Select(s => s.Key).ToList();
        var neighbours = new List<RecallCandidate>();
        if (missing.Count > 0)
        {
            var pointers = await store.PointersAsync(missing, cancellationToken);
            var places = pointers.Where(p => scopes.Contains(p.Pointer.Scope, StringComparer.Ordinal) && p.Pointer.Status == "active")
                .Select(p => (p.Pointer.Scope, p.OwnerId, p.EngramId)).ToList();
            var read = places.Count == 0 ? [] : await store.ReadManyAsync(places, cancellationToken);
            neighbours.AddRange(read.Select(d => d.Body).Where(visible).Select(RecallCandidate.From));
        }
        return ([.. found, .. neighbours],
            candidate => Math.Max(relevance(candidate), spreads.GetValueOrDefault((candidate.OwnerId, candidate.EngramId))));
    }
}
