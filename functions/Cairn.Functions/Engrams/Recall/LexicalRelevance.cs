namespace Cairn.Engrams.Recall;

/// <summary>
/// Relevance until the search port lands: the IDF-weighted share of the query's words an engram contains,
/// Σ idf(t ∈ Q ∩ D) / Σ idf(t ∈ Q), with BM25's idf = ln(1 + (N − df + 0.5) / (df + 0.5)) over the candidates.
/// An engram's words are those of its statement, summary, rationale, domain and tags. 0–1; 0 when nothing matches.
/// </summary>
public sealed class LexicalRelevance
{
    private readonly HashSet<string> _query;
    private readonly Dictionary<string, double> _idf;
    private readonly double _total;
    private readonly Dictionary<(Guid, string), HashSet<string>> _terms;

    public LexicalRelevance(string query, IReadOnlyList<RecallCandidate> candidates)
    {
        _query = Lexical.Terms(query);
        _terms = candidates.ToDictionary(c => (c.OwnerId, c.EngramId), Terms);
        _idf = _query.ToDictionary(term => term, term =>
        {
            var df = _terms.Values.Count(terms => terms.Contains(term));
            return Math.Log(1 + (candidates.Count - df + 0.5) / (df + 0.5));
        });
        _total = _idf.Values.Sum();
    }

    public double Score(RecallCandidate candidate) =>
        _total <= 0 || !_terms.TryGetValue((candidate.OwnerId, candidate.EngramId), out var terms) ? 0 : _query.Where(terms.Contains).Sum(term => _idf[term]) / _total;

    private static HashSet<string> Terms(RecallCandidate candidate)
    {
        var view = candidate.View;
        var terms = Lexical.Terms(view.Statement, view.Summary, view.Rationale, view.Domain);
        terms.UnionWith(Lexical.Terms([.. view.Tags]));
        return terms;
    }
}
