using Cairn.Embeddings.Local;
using Cairn.Embeddings.OpenAI;
using Cairn.Search;
using Microsoft.Extensions.Configuration;

namespace Cairn.Tests.Search;

[Trait("Storage", "None")]
public sealed class SearchOptionsTests
{
    [Theory]
    [InlineData(LocalEmbeddingGenerator.ProviderName, FusionMethod.Convex)]
    [InlineData(Cairn.Embeddings.Onnx.SentenceEmbeddingGenerator.ProviderName, FusionMethod.Convex)]
    [InlineData(OpenAIEmbeddingGenerator.ProviderName, FusionMethod.Rrf)]
    public void FusionDefaultsByEmbedder(string provider, FusionMethod expected) =>
        Assert.Equal(expected, new FusionOptions().Resolve(provider));

    [Theory]
    [InlineData(LocalEmbeddingGenerator.ProviderName, 0.8)]
    [InlineData(Cairn.Embeddings.Onnx.SentenceEmbeddingGenerator.ProviderName, 0.4)]
    public void TheConvexWeightDefaultsByEmbedderUnlessSet(string provider, double expected)
    {
        Assert.Equal(expected, new FusionOptions().ResolveKeywordWeight(provider));
        Assert.Equal(0.6, new FusionOptions { KeywordWeight = 0.6 }.ResolveKeywordWeight(provider));
    }

    [Fact]
    public void ArcticLeansOnItsVectorsSlightlyLess() =>
        Assert.Equal(0.5, new FusionOptions().ResolveKeywordWeight(Cairn.Embeddings.Onnx.SentenceEmbeddingGenerator.ProviderName, "Snowflake/snowflake-arctic-embed-xs"));

    [Fact]
    public void FusionSettingsBindUnderTheirOwnSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cairn:Search:CandidatesPerArm"] = "80",
            ["Cairn:Search:Fusion:Method"] = "Rrf",
            ["Cairn:Search:Fusion:KeywordWeight"] = "0.6",
        }).Build();

        var options = configuration.GetSection(SearchOptions.Section).Get<SearchOptions>()!;

        Assert.Equal((80, FusionMethod.Rrf, 0.6), (options.CandidatesPerArm, options.Fusion.Resolve(LocalEmbeddingGenerator.ProviderName), options.Fusion.KeywordWeight));
    }

    [Fact]
    public void AnOutOfRangeFusionWeightIsNamed()
    {
        var options = new SearchOptions { Fusion = { KeywordWeight = 1.5 } };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Contains(results, r => r.ErrorMessage!.StartsWith("Fusion: ", StringComparison.Ordinal) && r.ErrorMessage.Contains("KeywordWeight", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(5_000, true)]
    public void TheExactVectorThresholdIsZeroOrMore(int value, bool valid)
    {
        var options = new SearchOptions { ExactVectorSearchUpTo = value };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid, !results.Any(r => r.MemberNames.Contains(nameof(SearchOptions.ExactVectorSearchUpTo))));
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, true)]
    [InlineData(8_000_000L, true)]
    public void TheMirroredVectorLimitIsZeroOrMore(long value, bool valid)
    {
        var options = new SearchOptions { MirroredVectorScanUpTo = value };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid, !results.Any(r => r.MemberNames.Contains(nameof(SearchOptions.MirroredVectorScanUpTo))));
    }
}
