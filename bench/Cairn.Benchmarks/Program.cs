using BenchmarkDotNet.Running;
using Cairn.Embeddings.Onnx;
using Cairn.Benchmarks;

// `dotnet run -c Release -- cold-start` measures one cold load; anything else goes to BenchmarkDotNet (e.g. `--filter * --job short`).
if (args is ["cold-start"])
{
    await ColdStart.RunAsync();
    return;
}

// `dotnet run -c Release -- sentence-cold-start [MiniLM|ArcticXs] [Int8|Float32]` measures one cold load of the sentence model.
if (args is ["sentence-cold-start", ..])
{
    await SentenceColdStart.RunAsync(args.Length > 1 ? args[1] : "MiniLM", args.Length > 2 ? Enum.Parse<ModelPrecision>(args[2], ignoreCase: true) : ModelPrecision.Int8);
    return;
}

// `dotnet run -c Release -- sentence-cpu [MiniLM|ArcticXs] [queries.jsonl] [Int8|Float32]` measures CPU time per embedding.
if (args is ["sentence-cpu", ..])
{
    SentenceCpu.Run(args.Length > 1 ? args[1] : "MiniLM", args.Length > 2 ? args[2] : null,
        args.Length > 3 ? Enum.Parse<ModelPrecision>(args[3], ignoreCase: true) : ModelPrecision.Int8);
    return;
}

// `dotnet run -c Release -- recall [recalls]` seeds 50,000 engrams into a throwaway database and times recall.
if (args is ["recall", ..])
{
    await RecallBenchmark.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EmbeddingBenchmarks).Assembly).Run(args);
