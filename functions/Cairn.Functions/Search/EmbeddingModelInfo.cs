using Microsoft.Extensions.AI;

namespace Cairn.Search;

// The embedding model whose vectors an index holds, read from the app's generator once at start-up.
public sealed record EmbeddingModelInfo(string Provider, string Model, int Dimensions)
{
    public static EmbeddingModelInfo From(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()
            ?? throw new InvalidOperationException($"The embedding generator {generator.GetType().Name} does not describe its model; search cannot check its vectors.");
        return new EmbeddingModelInfo(
            metadata.ProviderName ?? generator.GetType().Name,
            metadata.DefaultModelId ?? throw new InvalidOperationException("The embedding generator does not name its model."),
            metadata.DefaultModelDimensions ?? throw new InvalidOperationException($"The embedding model {metadata.DefaultModelId} does not state its dimensions; configure them."));
    }
}
