using Azure.Search.Documents.Models;
using Cairn.Search;
using Cairn.Search.AzureAISearch;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed class AzureSearchResultsTests
{
    private static readonly float[] Vector = HashingEmbedder.Embed("docker");

    [Fact]
    public async Task HybridHitsCarryAzuresFusedScoreAndNoArms()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("docker") { Vector = Vector }, 50);

        var hits = await ToHitsAsync(request, ("b", 0.0325), ("a", 0.0161));

        Assert.Equal([new SearchHit("b", 0.0325, null, null), new SearchHit("a", 0.0161, null, null)], hits);
    }

    [Fact]
    public async Task KeywordHitsReportTheirBm25RankAndScore()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("docker"), 50);

        var hits = await ToHitsAsync(request, ("b", 3.5), ("a", 1.25));

        Assert.Equal([new SearchHit("b", 3.5, new ArmResult(1, 3.5), null), new SearchHit("a", 1.25, new ArmResult(2, 1.25), null)], hits);
    }

    [Fact]
    public async Task VectorHitsReportCosineSimilarityRecoveredFromTheScore()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("") { Vector = Vector }, 50);

        var hits = await ToHitsAsync(request, ("same", 1.0), ("near", 0.8), ("orthogonal", 0.5));

        Assert.Equal([1.0, 0.75, 0.0], hits.Select(h => h.Vector!.Score));
        Assert.Equal([1, 2, 3], hits.Select(h => h.Vector!.Rank));
        Assert.All(hits, h => Assert.Equal(h.Vector!.Score, h.Score));
        Assert.All(hits, h => Assert.Null(h.Keyword));
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(1.0 / 3, -1.0)]
    [InlineData(0.8, 0.75)]
    public void CosineInvertsAzuresScore(double score, double cosine) => Assert.Equal(cosine, AzureSearchResults.CosineFromScore(score), 12);

    [Fact]
    public async Task NoMoreThanTheLimitIsReturned()
    {
        var request = AzureSearchQuery.Build(new SearchQuery("docker") { Limit = 2 }, 50);

        var hits = await ToHitsAsync(request, ("a", 3), ("b", 2), ("c", 1));

        Assert.Equal(["a", "b"], hits.Select(h => h.Id));
    }

    private static Task<IReadOnlyList<SearchHit>> ToHitsAsync(AzureSearchQuery.Request request, params (string Id, double Score)[] results) =>
        AzureSearchResults.ToHitsAsync(
            SearchModelFactory.SearchResults(results.Select(r => SearchModelFactory.SearchResult(new AzureSearchHitRecord(r.Id), r.Score, null)), null, null, null, null),
            request,
            CancellationToken.None);
}
