using System.Diagnostics;
using System.Text.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Benchmarks;

// Realistic English for the memory benchmarks: the abstracts and queries of the Cranfield and CISI retrieval sets
// (../shared/eval, or CAIRN_EVAL_DIR), cut into sentences.
public static class BenchmarkCorpus
{
    public static string Directory()
    {
        var root = Package.RepoRoot();
        var candidates = new[] { Environment.GetEnvironmentVariable("CAIRN_EVAL_DIR"), Path.Combine(root, "..", "shared", "eval"), Path.Combine(root, "..", "..", "shared", "eval") };
        return candidates.OfType<string>().FirstOrDefault(d => File.Exists(Path.Combine(d, "cranfield", "corpus.jsonl")))
            ?? throw new InvalidOperationException("The eval sets were not found: set CAIRN_EVAL_DIR to the directory holding cranfield/ and cisi/.");
    }

    // Every abstract of both sets, as text.
    public static IReadOnlyList<string> Abstracts() => Read("corpus.jsonl").Select(d => d.GetProperty("text").GetString()!).Where(t => t.Length > 200).ToList();

    public static IReadOnlyList<string> Queries() => Read("queries.jsonl").Select(q => q.GetProperty("text").GetString()!).Where(t => t.Length > 10).ToList();

    // Sentences of an abstract (Cranfield writes " . " between them), capitalised and ended with a full stop.
    public static IReadOnlyList<string> Sentences(string text) =>
        text.Split([" . ", ". "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length > 20)
            .Select(s => char.ToUpperInvariant(s[0]) + s[1..].TrimEnd('.', ' ') + ".")
            .ToList();

    public static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    // The largest working set seen while work runs (sampled every 50 ms), with the one before it.
    public static async Task<(T Result, long Before, long Peak)> PeakWorkingSetAsync<T>(Func<Task<T>> work)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try
                {
                    await Task.Delay(50, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        var result = await work();
        await stop.CancelAsync();
        await sampler;
        return (result, before, peak);
    }

    private static IEnumerable<JsonElement> Read(string file)
    {
        foreach (var set in new[] { "cranfield", "cisi" })
        {
            foreach (var line in File.ReadLines(Path.Combine(Directory(), set, file)).Where(l => l.Length > 0))
            {
                yield return JsonDocument.Parse(line).RootElement.Clone();
            }
        }
    }
}
