using BenchmarkDotNet.Attributes;
using Cairn.Embeddings;
using Cairn.Embeddings.Onnx;
using Microsoft.Extensions.AI;

namespace Cairn.Benchmarks;

// The default sentence model after it is loaded, on one ONNX Runtime thread (run with --affinity 1 for one core): a
// query as a search embeds it (cache off, and cache hit), a 200-word document, and an indexing batch of 16.
[MemoryDiagnoser]
public class SentenceEmbeddingBenchmarks
{
    private const string Query = "reduce container footprint for a flask service";
    private SentenceEmbeddingGenerator _uncached = null!;
    private SentenceEmbeddingGenerator _cached = null!;
    private string[] _batch = null!;

    [Params("MiniLM", "ArcticXs")]
    public string Model { get; set; } = "MiniLM";

    [GlobalSetup]
    public async Task LoadAsync()
    {
        _uncached = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions { Model = Model, QueryCacheSize = 0 }, AppContext.BaseDirectory);
        _cached = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions { Model = Model }, AppContext.BaseDirectory);
        await _uncached.StartLoading();
        await _cached.StartLoading();
        await _cached.GenerateAsync([Query], EmbeddingPurpose.Query);
        _batch = [.. Enumerable.Range(0, 16).Select(i => $"{i} {SampleText.TwoHundredWords}")];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _uncached.Dispose();
        _cached.Dispose();
    }

    [Benchmark(Baseline = true, Description = "query, 7 words, not cached")]
    public Task<GeneratedEmbeddings<Embedding<float>>> QueryUncached() => _uncached.GenerateAsync([Query], EmbeddingPurpose.Query);

    [Benchmark(Description = "query, 7 words, cache hit")]
    public Task<GeneratedEmbeddings<Embedding<float>>> QueryCached() => _cached.GenerateAsync([Query], EmbeddingPurpose.Query);

    [Benchmark(Description = "document, 200 words")]
    public Task<GeneratedEmbeddings<Embedding<float>>> Document() => _uncached.GenerateAsync([SampleText.TwoHundredWords]);

    [Benchmark(Description = "batch of 16 documents, 200 words each")]
    public Task<GeneratedEmbeddings<Embedding<float>>> Batch() => _uncached.GenerateAsync(_batch);
}
