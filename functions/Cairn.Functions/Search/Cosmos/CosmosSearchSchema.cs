using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;
using F = Cairn.Search.Cosmos.CosmosSearchRecord.Fields;

namespace Cairn.Search.Cosmos;

// The search container's policies, the same as infra/modules/cosmos.bicep declares (a drift test compares them): a
// cosine float32 vector policy of the embedder's dimensions, an English full-text policy and index on /text and /notes,
// range indexes on the filter fields only. Vector and full-text policies are fixed once the container exists.
public static class CosmosSearchSchema
{
    public const string PartitionKeyPath = "/" + CosmosSearchRecord.Fields.Pk;
    public const string VectorPath = "/" + CosmosSearchRecord.Fields.Vector;
    public const string Language = "en-US";
    public static readonly IReadOnlyList<string> TextPaths = ["/" + CosmosSearchRecord.Fields.Text, "/" + CosmosSearchRecord.Fields.Notes];
    public static readonly IReadOnlyList<string> FilterPaths =
        [.. new[] { F.Kind, F.Owner, F.Visibility, F.Scope, F.Domain }.Select(f => $"/{f}/?"), $"/{F.Tools}/[]/?", $"/{F.Status}/?", $"/{F.Quality}/?"];

    public static ContainerProperties Build(string name, EmbeddingModelInfo model, CosmosVectorIndex vectorIndex)
    {
        var properties = new ContainerProperties(name, PartitionKeyPath)
        {
            VectorEmbeddingPolicy = new VectorEmbeddingPolicy(new Collection<Embedding>
            {
                new() { Path = VectorPath, DataType = VectorDataType.Float32, DistanceFunction = DistanceFunction.Cosine, Dimensions = model.Dimensions },
            }),
            FullTextPolicy = new FullTextPolicy
            {
                DefaultLanguage = Language,
                FullTextPaths = new Collection<FullTextPath>([.. TextPaths.Select(p => new FullTextPath { Path = p, Language = Language })]),
            },
        };
        var indexing = properties.IndexingPolicy;
        indexing.IndexingMode = IndexingMode.Consistent;
        indexing.Automatic = true;
        indexing.IncludedPaths.Clear();
        foreach (var path in FilterPaths)
        {
            indexing.IncludedPaths.Add(new IncludedPath { Path = path });
        }
        // Text and vectors are not range-indexed: their own indexes serve them, and writes pay for every indexed path.
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        indexing.VectorIndexes.Add(new VectorIndexPath
        {
            Path = VectorPath,
            Type = vectorIndex == CosmosVectorIndex.DiskAnn ? VectorIndexType.DiskANN : VectorIndexType.QuantizedFlat,
        });
        foreach (var path in TextPaths)
        {
            indexing.FullTextIndexes.Add(new FullTextIndexPath { Path = path });
        }
        return properties;
    }

    // Why an existing container cannot serve this model, or null when it can.
    public static string? Mismatch(ContainerProperties existing, EmbeddingModelInfo model)
    {
        var name = existing.Id;
        var embedding = existing.VectorEmbeddingPolicy?.Embeddings?.FirstOrDefault(e => e.Path == VectorPath);
        if (embedding is null)
        {
            return $"The Cosmos DB container '{name}' has no vector embedding policy on {VectorPath}; it was not created for search. " +
                "Point Cairn:Search:CosmosContainer at a new container (infra/modules/cosmos.bicep creates it), or delete this one.";
        }
        if (embedding.Dimensions != model.Dimensions || embedding.DistanceFunction != DistanceFunction.Cosine)
        {
            return $"The Cosmos DB search container '{name}' holds {embedding.Dimensions}-dimensional {embedding.DistanceFunction} vectors, " +
                $"but the embedding model '{model.Model}' ({model.Dimensions} dimensions, cosine) is configured. Its vector policy cannot change: " +
                "create a new container (infra parameter searchVectorDimensions) and re-index, or configure the model it was built for.";
        }
        var fullText = existing.FullTextPolicy?.FullTextPaths?.Select(p => p.Path).ToHashSet(StringComparer.Ordinal) ?? [];
        if (!TextPaths.All(fullText.Contains))
        {
            return $"The Cosmos DB search container '{name}' has no full-text policy on {string.Join(" and ", TextPaths)}; create it as infra/modules/cosmos.bicep does.";
        }
        return null;
    }
}

// The search container's vector index, chosen when the container is created.
public enum CosmosVectorIndex
{
    // Exact search over product-quantised vectors: cheap to write, right for up to tens of thousands of vectors per
    // partition.
    QuantizedFlat,

    // Approximate graph search: for large indexes, where a flat scan would cost too many request units.
    DiskAnn,
}
