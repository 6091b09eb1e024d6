using BenchmarkDotNet.Running;
using Cairn.Benchmarks;

// `dotnet run -c Release -- cold-start` measures one cold load; anything else goes to BenchmarkDotNet (e.g. `--filter * --job short`).
if (args is ["cold-start"])
{
    await ColdStart.RunAsync();
    return;
}

// `dotnet run -c Release -- sentence-cold-start [MiniLM|ArcticXs]` measures one cold load of the sentence model.
if (args is ["sentence-cold-start", ..])
{
    await SentenceColdStart.RunAsync(args.Length > 1 ? args[1] : "MiniLM");
    return;
}

// `dotnet run -c Release -- sentence-cpu [MiniLM|ArcticXs] [queries.jsonl]` measures thread CPU time per embedding.
if (args is ["sentence-cpu", ..])
{
    SentenceCpu.Run(args.Length > 1 ? args[1] : "MiniLM", args.Length > 2 ? args[2] : null);
    return;
}

// `dotnet run -c Release -- recall [recalls]` seeds 50,000 engrams into a throwaway database and times recall.
if (args is ["recall", ..])
{
    await RecallBenchmark.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EmbeddingBenchmarks).Assembly).Run(args);
