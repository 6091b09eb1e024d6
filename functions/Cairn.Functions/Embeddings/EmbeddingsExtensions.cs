using Cairn.Embeddings.Local;
using Cairn.Embeddings.Onnx;
using Cairn.Embeddings.OpenAI;
using Microsoft.Extensions.AI;

namespace Cairn.Embeddings;

public static class EmbeddingsExtensions
{
    public const string ProviderKey = "Cairn:Embeddings:Provider";

    // Registers the embedder that Cairn:Embeddings:Provider names: Local (the default: a sentence model on ONNX
    // Runtime), GloVe (word vectors: small and weak, for low-memory hosts) or OpenAI.
    public static IServiceCollection AddCairnEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            return services.AddSentenceEmbedder();
        }
        if (provider.Equals("GloVe", StringComparison.OrdinalIgnoreCase))
        {
            return services.AddLocalEmbedder();
        }
        if (provider.Equals("OpenAI", StringComparison.OrdinalIgnoreCase))
        {
            services.AddOptions<OpenAIEmbedderOptions>().BindConfiguration(OpenAIEmbedderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>, OpenAIEmbeddingGenerator>();
            return services;
        }
        throw new InvalidOperationException($"{ProviderKey} is '{provider}'; use Local (the built-in sentence model), GloVe (built-in word vectors) or OpenAI (any OpenAI-compatible endpoint).");
    }
}
