using BenchmarkDotNet.Attributes;
using Cairn.Embeddings;
using Cairn.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace Cairn.Benchmarks;

// ONNX Runtime's memory options against query and document embedding speed (docs/cost.md, "Instance memory"): the
// arena and memory patterns trade resident memory for allocation work on every run.
[MemoryDiagnoser]
public class SentenceSessionOptionsBenchmarks
{
    private const string Query = "reduce container footprint for a flask service";
    private SentenceEmbeddingGenerator _generator = null!;

    [Params(true, false)]
    public bool CpuMemArena { get; set; } = true;

    [Params(true, false)]
    public bool MemoryPattern { get; set; } = true;

    [GlobalSetup]
    public async Task LoadAsync()
    {
        _generator = new SentenceEmbeddingGenerator(
            new SentenceEmbedderOptions { QueryCacheSize = 0, CpuMemArena = CpuMemArena, MemoryPattern = MemoryPattern }, AppContext.BaseDirectory);
        await _generator.StartLoading();
    }

    [GlobalCleanup]
    public void Dispose() => _generator.Dispose();

    [Benchmark(Baseline = true, Description = "query, 7 words")]
    public Task<GeneratedEmbeddings<Embedding<float>>> QueryEmbedding() => _generator.GenerateAsync([Query], EmbeddingPurpose.Query);

    [Benchmark(Description = "document, 200 words")]
    public Task<GeneratedEmbeddings<Embedding<float>>> Document() => _generator.GenerateAsync([SampleText.TwoHundredWords]);
}
