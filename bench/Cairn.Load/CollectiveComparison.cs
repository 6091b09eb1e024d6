using System.Diagnostics;
using System.Globalization;

namespace Cairn.Load;

// Two running apps (say, before and after a change), each on its own database: both are seeded alike and at the same
// time, then search and open-session are timed on both with every request interleaved (MeasurePairAsync). On a machine
// others share, separate runs minutes apart differ by more than most changes; interleaved ones do not. Vacuum both
// databases between seeding and timing (docs/experiences.md): whether autovacuum has yet set the search tables'
// visibility map moves search latency by a third, so an unvacuumed pair compares autovacuum's timing.
internal static class CollectiveComparison
{
    public static async Task RunAsync(LoadOptions options)
    {
        string[] targets = [options.BaseUrl, options.CompareUrl!];
        Console.WriteLine($"Cairn collective comparison: {targets[0]} and {targets[1]}, {options.Experiences} experiences each, {options.Iterations} timed requests per row and target");
        var readers = new List<HttpClient>();
        try
        {
            var seeding = Stopwatch.StartNew();
            await Task.WhenAll(targets.Select(async url =>
            {
                using var registrar = LoadHttp.Client(url, null);
                using var author = LoadHttp.Client(url, await LoadHttp.RegisterAsync(registrar, "Load author"));
                await LoadHttp.MeasureAsync(i => CollectiveScenario.PublishAsync(author, i), options.Experiences, 0, 8);
            }));
            Console.WriteLine($"Seeded both with {options.Experiences} experiences each, side by side, in {seeding.Elapsed.TotalSeconds:F1} s.");
            foreach (var url in targets)
            {
                using var registrar = LoadHttp.Client(url, null);
                readers.Add(LoadHttp.Client(url, await LoadHttp.RegisterAsync(registrar, "Load reader")));
            }
            Console.WriteLine();
            Console.WriteLine("| operation | target | requests | concurrency | p50 (ms) | p95 (ms) | p99 (ms) |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var concurrency in new[] { 1, options.Concurrency }.Distinct())
            {
                foreach (var (row, send) in new (string, Func<HttpClient, int, Task<HttpResponseMessage>>)[]
                {
                    (CollectiveScenario.SearchRow, CollectiveScenario.Search), (CollectiveScenario.OpenRow, CollectiveScenario.Open),
                })
                {
                    var (first, second) = await LoadHttp.MeasurePairAsync(i => send(readers[0], i), i => send(readers[1], i), options.Iterations, 20, concurrency);
                    Report(row, targets[0], concurrency, first);
                    Report(row, targets[1], concurrency, second);
                }
            }
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    private static void Report(string operation, string target, int concurrency, Measurement m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {operation} | {target} | {m.Latencies.Length} | {concurrency} | {m.Percentile(50):F1} | {m.Percentile(95):F1} | {m.Percentile(99):F1} |"));
}
