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
    private static readonly string[] Parts = [SearchActivities.CatchUp, SearchActivities.Score, SearchActivities.VectorArm, SearchActivities.Statement];

    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _durations = new();
    private readonly ConcurrentBag<int> _grouped = [];

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
        return $"  split: {string.Join(", ", parts)}{grouped}";
    }

    private void Stopped(Activity activity)
    {
        _durations.GetOrAdd(activity.OperationName, _ => []).Add(activity.Duration.TotalMilliseconds);
        if (activity.OperationName == SearchActivities.CatchUp && activity.GetTagItem("cairn.search.queries") is int queries)
        {
            _grouped.Add(queries);
        }
    }

    public void Dispose() => _listener.Dispose();
}
