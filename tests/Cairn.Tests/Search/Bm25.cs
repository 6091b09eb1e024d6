namespace Cairn.Tests.Search;

// BM25 written out by hand for the ordering test: Lucene's form, idf = ln(1 + (N − df + 0.5) / (df + 0.5)), score = Σ
// idf · tf / (tf + k1 · (1 − b + b · dl / avgdl)), k1 1.2, b 0.75, over already-analysed tokens.
public static class Bm25
{
    public static Dictionary<string, double> Scores(IReadOnlyDictionary<string, string[]> documents, string[] query)
    {
        var n = documents.Count;
        var avgdl = documents.Values.Average(d => d.Length);
        var scores = new Dictionary<string, double>();
        foreach (var (id, tokens) in documents)
        {
            var score = 0.0;
            foreach (var term in query)
            {
                var df = documents.Values.Count(d => d.Contains(term));
                var tf = tokens.Count(t => t == term);
                if (tf == 0)
                {
                    continue;
                }
                var idf = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
                score += idf * tf / (tf + 1.2 * (1 - 0.75 + 0.75 * tokens.Length / avgdl));
            }
            if (score > 0)
            {
                scores[id] = score;
            }
        }
        return scores;
    }
}
