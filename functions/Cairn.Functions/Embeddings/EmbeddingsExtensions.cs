using Cairn.Embeddings.Local;
using Cairn.Embeddings.Onnx;
using Cairn.Embeddings.OpenAI;
using Microsoft.Extensions.AI;

namespace Cairn.Embeddings;

public static class EmbeddingsExtensions
{
    public const string ProviderKey = EmbeddingsOptions.Section + ":Provider";

    // Registers the embedder that Cairn:Embeddings:Provider names: Local (the default: a sentence model on ONNX
    // Runtime), GloVe (word vectors: small and weak, for low-memory hosts) or OpenAI.
    public static IServiceCollection AddCairnEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = EmbeddingsOptions.Read(configuration);
        // Typed and validated at start like storage and search; Read chose the adapter already, as it decides which services exist.
        services.AddOptions<EmbeddingsOptions>().BindConfiguration(EmbeddingsOptions.Section).ValidateOnStart();
        return provider switch
        {
            EmbeddingProvider.GloVe => services.AddLocalEmbedder(),
            EmbeddingProvider.OpenAI => services.AddOpenAIEmbedder(),
            _ => services.AddSentenceEmbedder(),
        };
    }

    private static IServiceCollection AddOpenAIEmbedder(this IServiceCollection services)
    {
        services.AddOptions<OpenAIEmbedderOptions>().BindConfiguration(OpenAIEmbedderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>, OpenAIEmbeddingGenerator>();
        return services;
    }
}
