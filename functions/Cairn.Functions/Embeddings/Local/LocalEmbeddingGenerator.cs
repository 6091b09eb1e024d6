using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings.Local;

// The built-in embedder: GloVe word vectors combined by SIF (see docs/embeddings.md). Needs no network. The model loads
// on a background task (StartLoading); only calls that arrive before it is ready wait for it. A text with no known word
// embeds to the zero vector.
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "cairn-local";

    private readonly Lazy<Task<LocalEmbeddingModel>> _model;

    public LocalEmbeddingGenerator(IOptions<LocalEmbedderOptions> options)
        : this(options.Value, AppContext.BaseDirectory)
    {
    }

    internal LocalEmbeddingGenerator(LocalEmbedderOptions options, string baseDirectory)
    {
        var path = options.ResolveModelPath(baseDirectory, out var searched)
            ?? throw new InvalidOperationException(LocalEmbedderOptionsValidator.MissingModelMessage(searched));
        // The header names the model and its size at once, so the index can check them before the vectors are in memory.
        var header = WordVectorFile.ReadHeader(path);
        ModelPath = path;
        Metadata = new EmbeddingGeneratorMetadata(ProviderName, null, LocalEmbeddingModel.ModelIdFor(header, options.SifA, options.RemoveCommonComponent), header.Dimensions);
        _model = new(() => Task.Run(() => Load(path, options.SifA, options.RemoveCommonComponent)));
    }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public string ModelId => Metadata.DefaultModelId!;

    public int Dimensions => Metadata.DefaultModelDimensions!.Value;

    public string ModelPath { get; }

    // Starts loading the model if nothing has yet; the task completes when it is ready (or failed).
    internal Task<LocalEmbeddingModel> StartLoading() => _model.Value;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != Dimensions)
        {
            throw new ArgumentException($"The local embedder produces {Dimensions} dimensions, not {dimensions}.", nameof(options));
        }

        var model = await StartLoading().WaitAsync(cancellationToken);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vector = new float[Dimensions];
            model.Embed(value, vector);
            embeddings.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }

        return embeddings;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    private static LocalEmbeddingModel Load(string path, double sifA, bool removeCommonComponent)
    {
        try
        {
            return LocalEmbeddingModel.Load(path, sifA, removeCommonComponent);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The local embedder could not load {path}: {exception.Message} Run scripts/lib/embedder.sh to rebuild it.", exception);
        }
    }
}
