using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings.Onnx;

public enum EmbedderState
{
    Loading,
    Ready,
    Failed,
}

// The default embedder: a sentence-embedding model run in-process by ONNX Runtime (docs/embeddings.md). Needs no
// network. The model loads on a background task (StartLoading); only calls that arrive before it is ready wait for it.
// Many texts are embedded in batches; single texts (queries) go through a bounded LRU cache.
public sealed class SentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "cairn-onnx";

    // Longer texts are not cached: they are documents, not queries, and would crowd the cache out.
    private const int MaxCachedLength = 1_000;

    // Bounds the work one long document can cost when chunks are averaged.
    private const int MaxChunks = 8;

    private readonly SentenceEmbedderOptions _options;
    private readonly Lazy<Task<SentenceEncoder>> _encoder;
    private readonly MemoryCache? _cache;

    public SentenceEmbeddingGenerator(IOptions<SentenceEmbedderOptions> options)
        : this(options.Value, AppContext.BaseDirectory)
    {
    }

    // load: the tests' seam for a model that is still loading; the app loads the weights on a pool thread.
    internal SentenceEmbeddingGenerator(SentenceEmbedderOptions options, string baseDirectory, Func<Task<SentenceEncoder>>? load = null)
    {
        _options = options;
        Model = options.ResolveModel();
        WeightsPath = options.WeightsPath(baseDirectory);
        Metadata = new EmbeddingGeneratorMetadata(ProviderName, null, Model.ModelId, Model.Dimensions);
        _encoder = new(load ?? (() => Task.Run(Load)));
        // Compaction drops the least recently used fifth when the cache is full.
        _cache = options.QueryCacheSize > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.QueryCacheSize, CompactionPercentage = 0.2 }) : null;
    }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public SentenceModel Model { get; }

    public string WeightsPath { get; }

    public EmbedderState State => !_encoder.IsValueCreated || !_encoder.Value.IsCompleted ? EmbedderState.Loading
        : _encoder.Value.IsCompletedSuccessfully ? EmbedderState.Ready : EmbedderState.Failed;

    // Starts loading the model if nothing has yet; the task completes when it is ready (or failed).
    internal Task<SentenceEncoder> StartLoading() => _encoder.Value;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != Model.Dimensions)
        {
            throw new ArgumentException($"{Model.ModelId} produces {Model.Dimensions} dimensions, not {dimensions}.", nameof(options));
        }
        var texts = values.ToList();
        var query = EmbeddingPurpose.IsQuery(options);
        var encoder = await StartLoading().WaitAsync(cancellationToken);

        var vectors = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_cache is not null && texts[i].Length <= MaxCachedLength && _cache.TryGetValue((query, texts[i]), out float[]? cached))
            {
                vectors[i] = cached!;
            }
            else
            {
                missing.Add(i);
            }
        }

        // Texts of similar length share a batch, so little of each run is padding.
        foreach (var batch in missing.OrderBy(i => texts[i].Length).Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var embedded = await EmbedBatchAsync(encoder, [.. batch.Select(i => texts[i])], query);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = embedded[j];
                if (_cache is not null && texts[batch[j]].Length <= MaxCachedLength)
                {
                    _cache.Set((query, texts[batch[j]]), embedded[j], new MemoryCacheEntryOptions { Size = 1 });
                }
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        result.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = Model.ModelId }));
        return result;
    }

    // Tokenises here; the model runs on the encoder's own threads (InferenceThreads), and this awaits it without
    // holding a pool thread.
    private async Task<float[][]> EmbedBatchAsync(SentenceEncoder encoder, IReadOnlyList<string> texts, bool query)
    {
        if (query && Model.QueryPrefix.Length > 0)
        {
            return await encoder.EmbedAsync([.. texts.Select(t => Model.QueryPrefix + t)]);
        }
        if (_options.LongTexts != LongTextMode.AverageChunks || query)
        {
            return await encoder.EmbedAsync(texts);
        }
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            vectors[i] = await encoder.EmbedChunkedAsync(texts[i], MaxChunks);
        }
        return vectors;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    // Set for one instance shared by many hosts (the test suite's): hosts that stop, or wrappers they dispose, leave it
    // loaded.
    internal bool Shared { get; init; }

    private int _disposed;

    // Idempotent: the host disposes this once for each registration that resolved it (the concrete type and the
    // IEmbeddingGenerator wrapper); a second call used to throw out of the host's shutdown.
    public void Dispose()
    {
        if (Shared || Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _cache?.Dispose();
        if (_encoder.IsValueCreated && _encoder.Value.IsCompletedSuccessfully)
        {
            _encoder.Value.Result.Dispose();
        }
    }

    private SentenceEncoder Load()
    {
        try
        {
            return SentenceEncoder.Load(Model, WeightsPath, _options);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new InvalidOperationException($"The sentence embedder could not load {Model.ModelId} from {WeightsPath}: {exception.Message} Rebuild the app to restore the weights.", exception);
        }
    }
}
