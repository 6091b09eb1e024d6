namespace Cairn.Search.Postgres;

/// <summary>
/// <see cref="PostgresSearchSql"/>'s fusion (RRF, and convex over min-max) computed in this process, for a hybrid query
/// whose arms ran side by side: the keyword arm in the mirror, the vector arm on its own connection. Same formulas in
/// the same order of operations, so the same doubles; ties break on id by ordinal order (a C-collation database's order).
/// </summary>
public static class HybridFusion
{
    /// <summary>Whether the fusion needs only the two arms' candidates (the floor-0 normalisations also need the cosine of every keyword candidate, which the statement computes).</summary>
    public static bool Supports(FusionMethod method, FusionOptions options) =>
        method == FusionMethod.Rrf || options.Normalization == ScoreNormalization.MinMax;

    /// <summary>A vector candidate as the vector-only statement returns it: the document's id, its rank and cosine.</summary>
    public readonly record struct VectorCandidate(string Id, int Rank, double Score);

    public static List<SearchHit> Fuse(
        KeywordCandidates keyword, IReadOnlyList<VectorCandidate> vector, FusionMethod method, FusionOptions options, double keywordWeight, int limit)
    {
        var rows = new Dictionary<string, (ArmResult? Keyword, ArmResult? Vector)>(keyword.Ids.Length + vector.Count, StringComparer.Ordinal);
        var rank = 0;
        for (var i = 0; i < keyword.Ids.Length; i++)
        {
            // The statement's kr keeps finite scores only and numbers them in the mirror's order (score, then doc).
            if (double.IsFinite(keyword.Scores[i]))
            {
                rows[keyword.Ids[i]] = (new ArmResult(++rank, keyword.Scores[i]), null);
            }
        }
        foreach (var candidate in vector)
        {
            rows[candidate.Id] = (rows.GetValueOrDefault(candidate.Id).Keyword, new ArmResult(candidate.Rank, candidate.Score));
        }

        var scored = new List<SearchHit>(rows.Count);
        if (method == FusionMethod.Rrf)
        {
            double k = options.RrfK;
            foreach (var (id, (kw, vec)) in rows)
            {
                scored.Add(new SearchHit(id, (kw is null ? 0 : 1 / (k + kw.Rank)) + (vec is null ? 0 : 1 / (k + vec.Rank)), kw, vec));
            }
        }
        else
        {
            var (kMin, kMax) = Range(rows.Values.Select(r => r.Keyword));
            var (vMin, vMax) = Range(rows.Values.Select(r => r.Vector));
            foreach (var (id, (kw, vec)) in rows)
            {
                var score = keywordWeight * MinMax(kw, kMin, kMax) + (1 - keywordWeight) * MinMax(vec, vMin, vMax);
                scored.Add(new SearchHit(id, score, kw, vec));
            }
        }
        scored.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.Id, y.Id));
        return scored.Count > limit ? scored.GetRange(0, limit) : scored;
    }

    // An arm that missed the document adds 0; a lone candidate (or all equal) counts as 1, as nullif(max − min, 0) does.
    private static double MinMax(ArmResult? arm, double min, double max)
    {
        if (arm is null)
        {
            return 0;
        }
        var range = max - min;
        return range == 0 ? 1 : (arm.Score - min) / range;
    }

    private static (double Min, double Max) Range(IEnumerable<ArmResult?> arms)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var arm in arms)
        {
            if (arm is not null)
            {
                min = Math.Min(min, arm.Score);
                max = Math.Max(max, arm.Score);
            }
        }
        return (min, max);
    }
}
