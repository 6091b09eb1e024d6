using System.ClientModel;
using System.ClientModel.Primitives;
using global::OpenAI;
using global::OpenAI.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings.OpenAI;

/// <summary>
/// Embeds through an OpenAI-compatible endpoint in batches of <see cref="OpenAIEmbedderOptions.BatchSize"/>, with the
/// SDK's retry policy, and refuses vectors whose size differs from the configured one. Queries (<see cref="EmbeddingPurpose.Query"/>)
/// go through a client of their own with a short timeout and few retries: a search waits for them, a document write need not.
/// An endpoint that cannot be reached, times out or answers an error becomes <see cref="EmbeddingUnavailableException"/>.
/// </summary>
public sealed class OpenAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "openai-compatible";

    private readonly OpenAIEmbedderOptions _options;
    private readonly EmbeddingClient _client;
    private readonly EmbeddingClient _queryClient;

    public OpenAIEmbeddingGenerator(IOptions<OpenAIEmbedderOptions> options)
        : this(options.Value, transport: null)
    {
    }

    /// <summary>With <paramref name="transport"/>, requests go through that client instead of the network (tests).</summary>
    internal OpenAIEmbeddingGenerator(OpenAIEmbedderOptions options, HttpClient? transport)
    {
        _options = options;
        _client = Client(options, options.MaxRetries, options.Timeout, transport);
        _queryClient = Client(options, options.QueryRetries, options.QueryTimeout, transport);
        Metadata = new EmbeddingGeneratorMetadata(ProviderName, options.Endpoint, options.Model, options.Dimensions);
    }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != _options.Dimensions)
        {
            throw new ArgumentException($"This embedder is configured for {_options.Dimensions} dimensions, not {dimensions}.", nameof(options));
        }

        var request = new global::OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = _options.RequestDimensions ? _options.Dimensions : null };
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in values.Chunk(_options.BatchSize))
        {
            // The API rejects empty input; an empty text has no meaning to embed.
            var inputs = batch.Select(v => string.IsNullOrWhiteSpace(v) ? " " : v).ToArray();
            var client = Cairn.Embeddings.EmbeddingPurpose.IsQuery(options) ? _queryClient : _client;
            var response = await Call(() => client.GenerateEmbeddingsAsync(inputs, request, cancellationToken), cancellationToken);
            if (response.Value.Count != inputs.Length)
            {
                throw new InvalidOperationException($"The embeddings endpoint returned {response.Value.Count} vectors for {inputs.Length} texts.");
            }
            foreach (var embedding in response.Value.OrderBy(e => e.Index))
            {
                var vector = embedding.ToFloats();
                if (vector.Length != _options.Dimensions)
                {
                    throw new InvalidOperationException(
                        $"The model '{_options.Model}' returned {vector.Length}-dimensional vectors, but {OpenAIEmbedderOptions.Section}:Dimensions is {_options.Dimensions}. " +
                        "Set Dimensions to the model's size (or use a model that accepts the dimensions parameter).");
                }
                if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(vector.Span)))
                {
                    throw new EmbeddingUnavailableException($"The model '{_options.Model}' at {_options.Endpoint} returned a vector holding a value that is not a finite number.");
                }
                embeddings.Add(new Embedding<float>(vector) { ModelId = _options.Model });
            }
            if (response.Value.Usage is { } usage)
            {
                embeddings.Usage ??= new UsageDetails { InputTokenCount = 0, TotalTokenCount = 0 };
                embeddings.Usage.InputTokenCount += usage.InputTokenCount;
                embeddings.Usage.TotalTokenCount += usage.TotalTokenCount;
            }
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

    private static EmbeddingClient Client(OpenAIEmbedderOptions options, int retries, TimeSpan timeout, HttpClient? transport)
    {
        var clientOptions = new OpenAIClientOptions { Endpoint = options.Endpoint, RetryPolicy = new ClientRetryPolicy(retries), NetworkTimeout = timeout };
        if (transport is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(transport);
        }
        // Ollama needs no key, but the SDK insists on one.
        return new EmbeddingClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey), clientOptions);
    }

    /// <summary>Failures that outlived the retries (an error status, a refused connection, a timeout) become one exception type that names the endpoint.</summary>
    private async Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (ClientResultException exception)
        {
            var status = exception.Status == 0 ? "could not be reached" : $"answered {exception.Status}";
            throw new EmbeddingUnavailableException($"The embeddings endpoint {_options.Endpoint} {status} for model '{_options.Model}': {exception.Message}", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new EmbeddingUnavailableException($"The embeddings endpoint {_options.Endpoint} could not be reached: {exception.Message}", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmbeddingUnavailableException($"The embeddings endpoint {_options.Endpoint} did not answer in time.", exception);
        }
    }
}

/// <summary>The embedding service could not produce vectors; transient from the caller's point of view.</summary>
public sealed class EmbeddingUnavailableException : Exception
{
    public EmbeddingUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
