using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Cairn.Search.Postgres;

namespace Cairn.Eval.Bench;

/// <summary>
/// Where a PostgreSQL search's time goes (docs/search.md): listens to the search adapter's spans (catch-up round trip,
/// in-memory scoring, vector arm, fused statement) while a scenario runs and prints each part's p50 under its row.
/// </summary>
internal sealed class SearchSplit : IDisposable
{
    private static readonly string[] Parts = [SearchActivities.CatchUp, SearchActivities.Score, SearchActivities.VectorMirror, SearchActivities.VectorArm, SearchActivities.Statement];

    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _durations = new();
    private readonly ConcurrentBag<int> _grouped = [];
    private readonly ConcurrentBag<(int Passing, int Shortlist)> _shortlists = [];

    public SearchSplit()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SearchActivities.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Forgets what was recorded (the warm-up queries, the previous scenario).</summary>
    public void Reset()
    {
        _durations.Clear();
        _grouped.Clear();
        _shortlists.Clear();
    }

    /// <summary>One line: each part's p50 in ms and how many spans it had, and the searches one catch-up served on average.</summary>
    public string Describe()
    {
        var parts = Parts.Where(_durations.ContainsKey).Select(part =>
        {
            var sorted = _durations[part].Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture, $"{part} p50 {sorted[(sorted.Length - 1) / 2]:F2} ms ({sorted.Length}×)");
        });
        var grouped = _grouped.IsEmpty ? "" : string.Create(CultureInfo.InvariantCulture, $"; searches per catch-up {_grouped.Average():F2}");
        var shortlist = _shortlists.IsEmpty ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; in-process vectors: p50 {Median(_shortlists.Select(s => s.Passing))} passing, {Median(_shortlists.Select(s => s.Shortlist))} re-ranked in SQL");
        return $"  split: {string.Join(", ", parts)}{grouped}{shortlist}";
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(sorted.Length - 1) / 2];
    }

    private void Stopped(Activity activity)
    {
        if (activity.OperationName == SearchActivities.VectorMirror && activity.GetTagItem("cairn.search.shortlist") is int shortlist
            && activity.GetTagItem("cairn.search.passing") is int passing)
        {
            _shortlists.Add((passing, shortlist));
        }
        _durations.GetOrAdd(activity.OperationName, _ => []).Add(activity.Duration.TotalMilliseconds);
        if (activity.OperationName == SearchActivities.CatchUp && activity.GetTagItem("cairn.search.queries") is int queries)
        {
            _grouped.Add(queries);
        }
    }

    public void Dispose() => _listener.Dispose();
}
