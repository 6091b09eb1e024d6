using BenchmarkDotNet.Running;
using Cairn.Benchmarks;

// `dotnet run -c Release -- cold-start` measures one cold load; anything else goes to BenchmarkDotNet (e.g. `--filter * --job short`).
if (args is ["cold-start"])
{
    await ColdStart.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EmbeddingBenchmarks).Assembly).Run(args);
