using BenchmarkDotNet.Attributes;
using Cairn.Embeddings.Local;

namespace Cairn.Benchmarks;

// Time to read the word-vector file and build the model, in a warm process with the file in the page cache.
[MemoryDiagnoser]
public class ModelLoadBenchmarks
{
    private string _path = null!;

    [GlobalSetup]
    public void Locate() =>
        _path = new LocalEmbedderOptions().ResolveModelPath(AppContext.BaseDirectory, out _)
            ?? throw new InvalidOperationException("No model file: run scripts/lib/embedder.sh first.");

    [Benchmark(Description = "read file + build model")]
    public object Load() => LocalEmbeddingModel.Load(_path, SifWeighting.DefaultA, removeCommonComponent: true);

    [Benchmark(Description = "read file only")]
    public object Read() => WordVectorFile.Read(_path);
}
