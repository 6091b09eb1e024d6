using Cairn.Collective;
using Cairn.Collective.Experiences;
using Cairn.Search;

namespace Cairn.Tests.Collective;

[Trait("Storage", "None")]
public sealed class SimilarityTests
{
    [Fact]
    public void TheVectorArmsCosineIsTheSimilarity()
    {
        var hit = new SearchHit("a", 0.9, new ArmResult(1, 7.5), new ArmResult(2, 0.62));

        Assert.Equal(0.62, CollectiveIndex.Similarity(hit, [hit]));
    }

    [Fact]
    public void AKeywordOnlyHitIsRelativeToTheBestKeywordScore()
    {
        IReadOnlyList<SearchHit> hits = [new("a", 8, new ArmResult(1, 8), null), new("b", 2, new ArmResult(2, 2), null)];

        Assert.Equal([1.0, 0.25], hits.Select(h => CollectiveIndex.Similarity(h, hits)));
    }

    [Fact]
    public void AHitWithoutArmsIsRelativeToTheBestFusedScore()
    {
        // Azure AI Search's hybrid results: an RRF score and nothing per arm.
        IReadOnlyList<SearchHit> hits = [new("a", 2.0 / 61, null, null), new("b", 1.0 / 61, null, null)];

        Assert.Equal([1.0, 0.5], hits.Select(h => CollectiveIndex.Similarity(h, hits)));
    }
}
