using System.Diagnostics;
using Cairn.Embeddings.Onnx;

namespace Cairn.Benchmarks;

// What start-up sees with the sentence model: a fresh process, one load from the weights' DLL, the first embedding,
// resident memory.
internal static class SentenceColdStart
{
    public static async Task RunAsync(string model, ModelPrecision precision)
    {
        var process = Process.GetCurrentProcess();
        var sinceStart = DateTime.Now - process.StartTime;
        process.Refresh();
        var residentBefore = process.WorkingSet64;
        var stopwatch = Stopwatch.StartNew();
        using var generator = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions { Model = model, Precision = precision }, AppContext.BaseDirectory);
        var encoder = await generator.StartLoading();
        var loaded = stopwatch.Elapsed;
        var first = Stopwatch.StartNew();
        await generator.GenerateAsync([SampleText.TwoHundredWords]);
        var firstEmbedding = first.Elapsed;
        GC.Collect();
        process.Refresh();
        Console.WriteLine(
            $"{encoder.Model.ModelId} ({precision}) cold start: runtime up after {sinceStart.TotalMilliseconds:F0} ms; loaded in {loaded.TotalMilliseconds:F0} ms " +
            $"(inside the loader {encoder.LoadTime.TotalMilliseconds:F0} ms); first 200-word embedding {firstEmbedding.TotalMilliseconds:F1} ms; " +
            $"resident {residentBefore / 1_000_000} MB before, {process.WorkingSet64 / 1_000_000} MB after (peak {process.PeakWorkingSet64 / 1_000_000} MB); " +
            $"managed heap {GC.GetTotalMemory(false) / 1_000_000} MB");
    }
}
