namespace Cairn.Embeddings;

public enum EmbeddingProvider
{
    // A sentence model on ONNX Runtime, shipped with the app.
    Local,

    // Word vectors: small and weak, for low-memory hosts.
    GloVe,

    // Any OpenAI-compatible endpoint.
    OpenAI,
}

public sealed class EmbeddingsOptions
{
    public const string Section = "Cairn:Embeddings";

    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.Local;

    // The provider decides which services exist (the sentence model's health check, a warm-up), so it is read while
    // registering; an unknown name stops registration with the choices.
    internal static EmbeddingProvider Read(IConfiguration configuration)
    {
        var value = configuration[EmbeddingsExtensions.ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return EmbeddingProvider.Local;
        }
        return Enum.TryParse<EmbeddingProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{EmbeddingsExtensions.ProviderKey} is '{value}'; use Local (the built-in sentence model), GloVe (built-in word vectors) or OpenAI (any OpenAI-compatible endpoint).");
    }
}
