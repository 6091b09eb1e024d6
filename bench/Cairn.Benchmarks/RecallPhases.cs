using System.Diagnostics;
using System.Globalization;
using Cairn.Engrams;
using Cairn.Engrams.Recall;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Benchmarks;

// Where a recall's time goes: each step RecallService takes, timed alone and one after another (the service runs the
// locked-and-pinned query beside the search), on the same tasks as the benchmark.
internal static class RecallPhases
{
    public static async Task RunAsync(IServiceProvider services, Guid caller, string[] context, int count, Func<Random, string> task)
    {
        var index = services.GetRequiredService<EngramIndex>();
        var store = services.GetRequiredService<EngramStore>();
        var recall = services.GetRequiredService<RecallService>();
        var scopes = context.OrderBy(Scopes.Rank).ThenBy(s => s, StringComparer.Ordinal).ToList();
        var phases = new Dictionary<string, List<double>>();
        var random = new Random(11);
        for (var i = 0; i < count + 10; i++)
        {
            var text = task(random);
            var stopwatch = Stopwatch.StartNew();
            var hits = await index.SearchAsync(text, caller, scopes, [], CancellationToken.None);
            var search = Lap(stopwatch);
            await store.ReadManyAsync(hits.Select(hit => (hit.Scope, hit.OwnerId, hit.EngramId)), CancellationToken.None);
            var reads = Lap(stopwatch);
            await store.AlwaysAsync(scopes, CancellationToken.None);
            var always = Lap(stopwatch);
            await recall.RecallAsync(caller, new RecallRequest(text, null, context, 8_000, false), CancellationToken.None);
            var whole = Lap(stopwatch);
            if (i >= 10)
            {
                Add(phases, "embedding + hybrid search (EngramIndex.SearchAsync)", search);
                Add(phases, "reading the hits (one ReadMany)", reads);
                Add(phases, "locked and pinned of the 8 scopes (one query)", always);
                Add(phases, "the whole recall (peek)", whole);
            }
        }
        foreach (var (name, timings) in phases)
        {
            timings.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: p50 {timings[timings.Count / 2]:F1} ms, p90 {timings[(int)(timings.Count * 0.9)]:F1} ms"));
        }
    }

    private static double Lap(Stopwatch stopwatch)
    {
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        stopwatch.Restart();
        return elapsed;
    }

    private static void Add(Dictionary<string, List<double>> phases, string name, double milliseconds)
    {
        if (!phases.TryGetValue(name, out var timings))
        {
            phases[name] = timings = [];
        }
        timings.Add(milliseconds);
    }
}
