using System.Collections.ObjectModel;
using Cairn.Search;
using Cairn.Search.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Cairn.Tests.Search.Cosmos;

[Trait("Storage", "None")]
public sealed class CosmosSearchSchemaTests
{
    [Theory]
    [InlineData(CosmosVectorIndex.QuantizedFlat, VectorIndexType.QuantizedFlat)]
    [InlineData(CosmosVectorIndex.DiskAnn, VectorIndexType.DiskANN)]
    public void TheContainerHasTheEmbeddersVectorPolicyAndFullTextOnBothTextPaths(CosmosVectorIndex index, VectorIndexType expected)
    {
        var properties = CosmosSearchSchema.Build("search", HashingEmbedder.Model, index);

        var embedding = Assert.Single(properties.VectorEmbeddingPolicy.Embeddings);
        Assert.Equal(("/vector", HashingEmbedder.Dimensions, DistanceFunction.Cosine, VectorDataType.Float32),
            (embedding.Path, embedding.Dimensions, embedding.DistanceFunction, embedding.DataType));
        Assert.Equal(["/text", "/notes"], properties.FullTextPolicy.FullTextPaths.Select(p => p.Path));
        Assert.Equal(["/text", "/notes"], properties.IndexingPolicy.FullTextIndexes.Select(p => p.Path));
        Assert.Equal(expected, Assert.Single(properties.IndexingPolicy.VectorIndexes).Type);
        Assert.Equal(CosmosSearchSchema.FilterPaths, properties.IndexingPolicy.IncludedPaths.Select(p => p.Path));
        Assert.Equal(["/*"], properties.IndexingPolicy.ExcludedPaths.Select(p => p.Path));
        Assert.Equal("/pk", properties.PartitionKeyPath);
    }

    [Fact]
    public void AContainerBuiltForTheModelServesIt() =>
        Assert.Null(CosmosSearchSchema.Mismatch(CosmosSearchSchema.Build("search", HashingEmbedder.Model, CosmosVectorIndex.QuantizedFlat), HashingEmbedder.Model));

    [Fact]
    public void AContainerOfOtherDimensionsIsRefusedNamingBoth()
    {
        var existing = CosmosSearchSchema.Build("search", HashingEmbedder.Model, CosmosVectorIndex.QuantizedFlat);

        var problem = CosmosSearchSchema.Mismatch(existing, new EmbeddingModelInfo("openai-compatible", "text-embedding-3-small", 1536));

        Assert.Contains("holds 64-dimensional", problem, StringComparison.Ordinal);
        Assert.Contains("'text-embedding-3-small' (1536 dimensions", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AContainerWithoutSearchPoliciesIsRefused()
    {
        Assert.Contains("no vector embedding policy", CosmosSearchSchema.Mismatch(new ContainerProperties("agents", "/pk"), HashingEmbedder.Model), StringComparison.Ordinal);

        var noFullText = CosmosSearchSchema.Build("search", HashingEmbedder.Model, CosmosVectorIndex.QuantizedFlat);
        noFullText.FullTextPolicy = new FullTextPolicy { DefaultLanguage = "en-US", FullTextPaths = new Collection<FullTextPath>() };
        Assert.Contains("no full-text policy", CosmosSearchSchema.Mismatch(noFullText, HashingEmbedder.Model), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("search", true)]
    [InlineData("a/b", false)]
    [InlineData(" padded", false)]
    public void TheContainerNameIsCheckedAtStartUp(string name, bool valid)
    {
        var results = CosmosSearchSettings.Validate(new SearchOptions { Provider = SearchProvider.Cosmos, CosmosContainer = name }).ToList();

        Assert.Equal(valid, results.Count == 0);
        Assert.All(results, r => Assert.Contains("Cairn:Search:CosmosContainer", r.ErrorMessage, StringComparison.Ordinal));
    }
}
