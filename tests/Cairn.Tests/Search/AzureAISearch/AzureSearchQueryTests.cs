using Azure.Search.Documents.Models;
using Cairn.Search;
using Cairn.Search.AzureAISearch;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed class AzureSearchQueryTests
{
    private static readonly float[] Vector = HashingEmbedder.Embed("docker compose");

    [Theory]
    [InlineData("docker compose", "docker compose")]
    [InlineData("c++ -wall", @"c\+\+ \-wall")]
    [InlineData("state-of-the-art", @"state\-of\-the\-art")]
    [InlineData("\"exact phrase\"", "\\\"exact phrase\\\"")]
    [InlineData("(a | b) + c*", @"\(a \| b\) \+ c\*")]
    [InlineData(@"C:\path\file.txt", @"C\:\\path\\file.txt")]
    [InlineData("https://x.io/a?b=1", @"https\:\/\/x.io\/a\?b=1")]
    [InlineData("fuzzy~2 boost^3 !not &&and", @"fuzzy\~2 boost\^3 \!not \&\&and")]
    [InlineData("{range} [range]", @"\{range\} \[range\]")]
    [InlineData("don't", @"don\'t")]
    [InlineData("日本語 🚀", "日本語 🚀")]
    public void EveryOperatorCharacterIsEscaped(string text, string expected) => Assert.Equal(expected, AzureSearchQuery.Escape(text));

    [Fact]
    public void AKeywordQueryUsesOrSemanticsOverTheWeightedFields()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("nginx timeout") { Limit = 7 }, candidatesPerArm: 50);

        Assert.Equal("nginx timeout", request.Text);
        var options = request.Options;
        Assert.Equal((SearchMode.Any, SearchQueryType.Simple, ScoringStatistics.Global), (options.SearchMode, options.QueryType, options.ScoringStatistics));
        Assert.Equal(AzureSearchSchema.WeightsProfile, options.ScoringProfile);
        Assert.Equal(["title", "content", "notes"], options.SearchFields);
        Assert.Equal(["id"], options.Select);
        Assert.Equal(7, options.Size);
        Assert.Null(options.VectorSearch);
        Assert.Null(options.Filter);
        Assert.True(request.Keyword);
        Assert.False(request.Vector);
    }

    [Fact]
    public void AHybridQueryPreFiltersTheVectorArmWithTheSameFilter()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("docker") { Vector = Vector, Filter = new SearchFilter { Owner = "alice" }, Limit = 5 }, 50);

        Assert.Equal("owner eq 'alice'", request.Options.Filter);
        Assert.Equal(VectorFilterMode.PreFilter, request.Options.VectorSearch.FilterMode);
        var vector = Assert.IsType<VectorizedQuery>(Assert.Single(request.Options.VectorSearch.Queries));
        Assert.Equal(Vector, vector.Vector.ToArray());
        Assert.Equal(50, vector.KNearestNeighborsCount);
        Assert.Equal(["vector"], vector.Fields);
        Assert.True(request.Keyword && request.Vector);
    }

    [Fact]
    public void AVectorOnlyQuerySendsNoSearchText()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("  ") { Vector = Vector, Limit = 3 }, 50);

        Assert.Null(request.Text);
        Assert.Null(request.Options.SearchMode);
        Assert.Null(request.Options.ScoringProfile);
        Assert.Equal(3, request.Options.Size);
        Assert.False(request.Keyword);
    }

    [Fact]
    public void TheVectorArmReturnsAtLeastTheLimit()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("") { Vector = Vector, Limit = 80 }, candidatesPerArm: 10);

        Assert.Equal(80, Assert.IsType<VectorizedQuery>(request.Options.VectorSearch.Queries[0]).KNearestNeighborsCount);
    }

    [Fact]
    public void AnEmptyQueryIsNotSent() => Assert.Throws<ArgumentException>(() => AzureSearchQuery.Build(new SearchQuery(" "), 50));
}
