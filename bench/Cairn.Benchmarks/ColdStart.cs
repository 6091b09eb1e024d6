using System.Diagnostics;
using Cairn.Embeddings.Local;

namespace Cairn.Benchmarks;

// What start-up sees: a fresh process, cold JIT, one load. Run several times; the first may also pay for a cold disk.
internal static class ColdStart
{
    public static async Task RunAsync()
    {
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var stopwatch = Stopwatch.StartNew();
        using var generator = new LocalEmbeddingGenerator(new LocalEmbedderOptions(), AppContext.BaseDirectory);
        var model = await generator.StartLoading();
        var loaded = stopwatch.Elapsed;
        var first = Stopwatch.StartNew();
        await generator.GenerateAsync([SampleText.TwoHundredWords]);
        var firstEmbedding = first.Elapsed;
        var memory = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(
            $"cold start: runtime up after {sinceStart.TotalMilliseconds:F0} ms; model loaded in {loaded.TotalMilliseconds:F0} ms " +
            $"(inside the loader {model.LoadTime.TotalMilliseconds:F0} ms); first 200-word embedding {firstEmbedding.TotalMilliseconds:F2} ms; " +
            $"managed heap {memory / 1_000_000} MB");
    }
}
