using BenchmarkDotNet.Attributes;
using Cairn.Embeddings.Local;
using Microsoft.Extensions.AI;

namespace Cairn.Benchmarks;

// Per-text latency of the local embedder on a 200-word text, after the model is loaded.
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private readonly float[] _destination = new float[100];
    private LocalEmbeddingGenerator _generator = null!;
    private LocalEmbeddingModel _model = null!;
    private string[] _batch = null!;

    [GlobalSetup]
    public async Task LoadAsync()
    {
        _generator = new LocalEmbeddingGenerator(new LocalEmbedderOptions(), AppContext.BaseDirectory);
        _model = await _generator.StartLoading();
        _batch = [SampleText.TwoHundredWords];
    }

    [GlobalCleanup]
    public void Dispose() => _generator.Dispose();

    [Benchmark(Baseline = true, Description = "model.Embed, 200 words")]
    public bool Embed() => _model.Embed(SampleText.TwoHundredWords, _destination);

    [Benchmark(Description = "GenerateAsync, 200 words")]
    public Task<GeneratedEmbeddings<Embedding<float>>> Generate() => _generator.GenerateAsync(_batch);
}
