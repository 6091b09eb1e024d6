using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Cairn.Embeddings.Onnx;

namespace Cairn.Benchmarks;

// CPU time per embedding, of this process: on a machine shared with other builds, wall time measures everyone's load,
// CPU time what an embedding costs. The process's, not the calling thread's: the model runs on its own threads
// (InferenceThreads), and nothing else runs here meanwhile. Usage:
// sentence-cpu [MiniLM|ArcticXs] [queries.jsonl] [Int8|Float32]
internal static class SentenceCpu
{
    public static void Run(string modelName, string? queriesPath, ModelPrecision precision)
    {
        var options = new SentenceEmbedderOptions { Model = modelName, Precision = precision };
        using var encoder = SentenceEncoder.Load(options.ResolveModel(), options.WeightsPath(AppContext.BaseDirectory), options);
        var queries = queriesPath is null
            ? [.. Enumerable.Range(0, 200).Select(i => $"query {i} about connection pools timing out under load")]
            : File.ReadLines(queriesPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        var prefix = encoder.Model.QueryPrefix;

        Report($"{encoder.Model.Name} {precision} query ({queries.Count} texts, median {queries.Select(q => q.Split(' ').Length).Order().ElementAt(queries.Count / 2)} words)",
            queries.Select(q => Measure(() => encoder.Embed([prefix + q]))).ToList(), 1);
        var documents = Enumerable.Range(0, 40).Select(i => $"{i} {SampleText.TwoHundredWords}").ToList();
        Report($"{encoder.Model.Name} document, 200 words", documents.Select(d => Measure(() => encoder.Embed([d]))).ToList(), 1);
        foreach (var size in new[] { 4, 16 })
        {
            Report($"{encoder.Model.Name} batch of {size} documents, per document", documents.Chunk(size).Where(b => b.Length == size).Select(b => Measure(() => encoder.Embed(b))).ToList(), size);
        }
        var shortTexts = queries.Take(64).ToList();
        Report($"{encoder.Model.Name} short texts one at a time", shortTexts.Select(q => Measure(() => encoder.Embed([q]))).ToList(), 1);
        Report($"{encoder.Model.Name} short texts in batches of 16, per text", shortTexts.Chunk(16).Select(b => Measure(() => encoder.Embed(b))).ToList(), 16);
    }

    private static (double Cpu, double Wall) Measure(Action action)
    {
        var cpu = ProcessCpuMilliseconds();
        var wall = Stopwatch.GetTimestamp();
        action();
        return (ProcessCpuMilliseconds() - cpu, Stopwatch.GetElapsedTime(wall).TotalMilliseconds);
    }

    private static void Report(string label, List<(double Cpu, double Wall)> samples, int perRun)
    {
        static double P(IEnumerable<double> values, double q)
        {
            var sorted = values.Order().ToList();
            return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(q * (sorted.Count - 1)))];
        }
        Console.WriteLine(
            $"{label}: process CPU p50 {P(samples.Select(s => s.Cpu), 0.5) / perRun:F2} ms, p95 {P(samples.Select(s => s.Cpu), 0.95) / perRun:F2} ms; " +
            $"wall p50 {P(samples.Select(s => s.Wall), 0.5) / perRun:F2} ms ({samples.Count} runs, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }

    // Process.TotalProcessorTime ticks at the scheduler's 10 ms; clock_gettime(CLOCK_PROCESS_CPUTIME_ID) reads nanoseconds.
    private static double ProcessCpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(2, out var time) != 0)
        {
            return 0;
        }
        return (time.Seconds * 1_000.0) + (time.Nanoseconds / 1_000_000.0);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
