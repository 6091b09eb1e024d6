namespace Cairn.Eval;

// nDCG@k (linear gains, as trec_eval and BEIR), recall@k and MRR@k, averaged over the judged queries.
internal sealed class Metrics(int k)
{
    private double _ndcg;
    private double _recall;
    private double _mrr;
    private int _queries;

    public void Add(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        var top = ranked.Take(k).ToList();
        var dcg = top.Select((id, i) => relevant.GetValueOrDefault(id) / Math.Log2(i + 2)).Sum();
        var ideal = relevant.Values.OrderDescending().Take(k).Select((gain, i) => gain / Math.Log2(i + 2)).Sum();
        _ndcg += ideal > 0 ? dcg / ideal : 0;
        _recall += (double)top.Count(relevant.ContainsKey) / relevant.Count;
        var first = top.FindIndex(relevant.ContainsKey);
        _mrr += first < 0 ? 0 : 1.0 / (first + 1);
        _queries++;
    }

    public string Format(string label) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{label} ndcg@{k}={Mean(_ndcg):F3} recall@{k}={Mean(_recall):F3} mrr@{k}={Mean(_mrr):F3}");

    private double Mean(double sum) => _queries == 0 ? 0 : sum / _queries;
}

// Latency samples of one operation, reported as percentiles in milliseconds.
internal sealed class Latency
{
    private readonly List<double> _milliseconds = [];

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public string Format(string label)
    {
        var sorted = _milliseconds.Order().ToList();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{label} p50={Percentile(sorted, 0.50):F2} p95={Percentile(sorted, 0.95):F2} p99={Percentile(sorted, 0.99):F2} max={sorted.LastOrDefault():F2}");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
