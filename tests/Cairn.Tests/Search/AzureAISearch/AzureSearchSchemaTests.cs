using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Search.Documents.Indexes.Models;
using Cairn.Search;
using Cairn.Search.AzureAISearch;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed partial class AzureSearchSchemaTests
{
    private static readonly SearchIndex Index = AzureSearchSchema.Build("cairn", HashingEmbedder.Model);

    private static SearchField Field(string name) => Index.Fields.Single(f => f.Name == name);

    [Fact]
    public void EveryPropertyOfASearchDocumentHasAField()
    {
        // VectorText serves PostgreSQL's background re-embedding only; Azure changes models by a new index (docs/search.md).
        var properties = typeof(SearchDocument).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(SearchDocument.VectorText)).Select(p => p.Name.ToLowerInvariant());

        Assert.Equal(properties.Append("key").Order(), Index.Fields.Select(f => f.Name).Order());
    }

    [Fact]
    public void TheRecordSerializesUnderTheFieldNames()
    {
        var record = AzureSearchRecord.From(new SearchDocument("experience:1", "experience") { Vector = HashingEmbedder.Embed("x") });

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(record));

        Assert.Equal(Index.Fields.Select(f => f.Name).Order(), json.RootElement.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void TheKeyIsTheEncodedIdAndTheIdIsKeptFilterable()
    {
        Assert.True(Field("key").IsKey);
        Assert.Equal(SearchFieldDataType.String, Field("key").Type);
        Assert.True(Field("id").IsFilterable);
        Assert.False(Field("id").IsKey);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("content")]
    [InlineData("notes")]
    public void TextFieldsAreSearchableWithTheEnglishLuceneAnalyzer(string name)
    {
        var field = Field(name);

        Assert.Equal((true, false, LexicalAnalyzerName.EnLucene), (field.IsSearchable, field.IsFilterable ?? false, field.AnalyzerName));
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("owner")]
    [InlineData("visibility")]
    [InlineData("scope")]
    [InlineData("domain")]
    [InlineData("status")]
    public void MetadataIsFilterableAndNotSearched(string name)
    {
        var field = Field(name);

        Assert.Equal((SearchFieldDataType.String, true, false), (field.Type, field.IsFilterable, field.IsSearchable ?? false));
    }

    [Fact]
    public void ToolsAreAFilterableCollectionAndQualityAFilterableDouble()
    {
        Assert.Equal((SearchFieldDataType.Collection(SearchFieldDataType.String), true), (Field("tools").Type, Field("tools").IsFilterable));
        Assert.Equal((SearchFieldDataType.Double, true), (Field("quality").Type, Field("quality").IsFilterable));
    }

    [Fact]
    public void TheVectorFieldHasTheModelsDimensionsAndACosineHnswProfile()
    {
        var vector = Field("vector");
        var profile = Index.VectorSearch.Profiles.Single(p => p.Name == vector.VectorSearchProfileName);
        var algorithm = Assert.IsType<HnswAlgorithmConfiguration>(Index.VectorSearch.Algorithms.Single(a => a.Name == profile.AlgorithmConfigurationName));

        Assert.Equal(SearchFieldDataType.Collection(SearchFieldDataType.Single), vector.Type);
        Assert.Equal(HashingEmbedder.Dimensions, vector.VectorSearchDimensions);
        Assert.Equal(VectorSearchAlgorithmMetric.Cosine, algorithm.Parameters.Metric);
        Assert.True(vector.IsHidden);
    }

    [Fact]
    public void TheScoringProfileWeighsFieldsAsSearchFieldsDoes()
    {
        var profile = Index.ScoringProfiles.Single(p => p.Name == Index.DefaultScoringProfile);

        Assert.Equal(
            new Dictionary<string, double> { ["title"] = SearchFields.TitleWeight, ["content"] = SearchFields.ContentWeight, ["notes"] = SearchFields.NotesWeight },
            profile.TextWeights.Weights);
        var bm25 = Assert.IsType<BM25Similarity>(Index.Similarity);
        Assert.Equal((1.2, 0.75), (bm25.K1, bm25.B));
    }

    [Theory]
    [InlineData("hashing-bag-of-words-64", "cairn-model-hashing-bag-of-words-64-")]
    [InlineData("glove-100d+sif(a=0.0001,cc)", "cairn-model-glove-100d-sif-a-0-0001-cc-")]
    [InlineData("text-embedding-3-small", "cairn-model-text-embedding-3-small-")]
    [InlineData("+++", "cairn-model-")]
    public void TheProfileNameRecordsTheModelReadablyInSafeCharacters(string model, string prefix)
    {
        var name = AzureSearchSchema.ProfileName(new EmbeddingModelInfo("p", model, 8));

        Assert.StartsWith(prefix, name, StringComparison.Ordinal);
        Assert.Matches(SafeName(), name);
        Assert.True(name.Length <= 100);
    }

    [Fact]
    public void ModelIdsThatSlugAlikeGetDifferentProfileNames() =>
        Assert.NotEqual(
            AzureSearchSchema.ProfileName(new EmbeddingModelInfo("p", "sif(a=0.1)", 8)),
            AzureSearchSchema.ProfileName(new EmbeddingModelInfo("p", "sif-a-0-1", 8)));

    [Fact]
    public void TheSameModelFitsItsIndex() => Assert.Null(AzureSearchSchema.Mismatch(Index, HashingEmbedder.Model));

    [Fact]
    public void AnotherModelIsRefusedWithBothNamed()
    {
        var problem = AzureSearchSchema.Mismatch(Index, new EmbeddingModelInfo("openai-compatible", "text-embedding-3-small", 1536));

        Assert.Contains("holds 64-dimensional vectors of the embedding model recorded as 'cairn-model-hashing-bag-of-words-64-", problem, StringComparison.Ordinal);
        Assert.Contains("'text-embedding-3-small' (1536 dimensions", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameModelNameWithOtherDimensionsIsRefused() =>
        Assert.NotNull(AzureSearchSchema.Mismatch(Index, HashingEmbedder.Model with { Dimensions = 32 }));

    [Fact]
    public void AnIndexWithoutCairnsFieldsIsRefused()
    {
        var foreign = new SearchIndex("cairn") { Fields = { new SimpleField("key", SearchFieldDataType.String) { IsKey = true } } };

        Assert.Contains("lacks the fields id, kind, title", AzureSearchSchema.Mismatch(foreign, HashingEmbedder.Model), StringComparison.Ordinal);
    }

    [Fact]
    public void ARecordCarriesCleanTextAndNoZeroVector()
    {
        var record = AzureSearchRecord.From(new SearchDocument("experience:1", "memory")
        {
            Title = "null\0byte",
            Content = "lone \uD800 surrogate",
            Visibility = SearchVisibility.Private,
            Owner = "alice",
            Vector = new float[HashingEmbedder.Dimensions],
        });

        Assert.Equal((AzureSearchKeys.Encode("experience:1"), "experience:1", "private"), (record.Key, record.Id, record.Visibility));
        Assert.Equal(("null byte", "lone \uFFFD surrogate"), (record.Title, record.Content));
        Assert.Null(record.Vector);
        Assert.DoesNotContain("\"vector\"", JsonSerializer.Serialize(record), StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex SafeName();
}
