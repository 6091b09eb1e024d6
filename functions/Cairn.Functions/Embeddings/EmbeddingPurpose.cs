using Microsoft.Extensions.AI;

namespace Cairn.Embeddings;

/// <summary>
/// Marks a text as a search query rather than a document. Some models embed the two differently (arctic-embed wants a
/// query prefix); embedders that do not care ignore it. Callers pass <see cref="Query"/> as the generation options.
/// </summary>
public static class EmbeddingPurpose
{
    public const string Key = "cairn.purpose";

    public static EmbeddingGenerationOptions Query { get; } = new() { AdditionalProperties = new() { [Key] = "query" } };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true && value as string == "query";
}
