using Cairn.Search;

namespace Cairn.Tests.Search;

/// <summary>
/// Vectors without a direction: all zeros (a text without a known word), or values so small that their squared norm is
/// not a normal float32, the precision the databases compute cosine in. Their cosine is NaN, which once made every
/// fused score NaN and the ranking fall back to id order; every backend must leave them to the keyword arm.
/// </summary>
public abstract partial class SearchIndexConformanceTests
{
    public static TheoryData<string> DirectionlessKinds() => ["zero", "tiny", "faint"];

    /// <summary>"tiny" points exactly along the query's axis, so a backend that kept it would rank it first.</summary>
    protected static float[] Directionless(string kind) => kind switch
    {
        "zero" => new float[HashingEmbedder.Dimensions],
        "tiny" => [.. HashingEmbedder.Axis(0).Select(v => v * 1e-30f)],
        "faint" => [.. Enumerable.Repeat(1e-20f, HashingEmbedder.Dimensions)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(DirectionlessKinds))]
    public async Task ADocumentWhoseVectorHasNoDirectionIsLeftToTheKeywordArm(string kind)
    {
        await UpsertAsync(
            Doc("directionless", "kafka consumer lag") with { Vector = Directionless(kind) },
            Doc("aligned", "kafka broker restart") with { Vector = HashingEmbedder.Axis(0) },
            Doc("other", "postgres vacuum") with { Vector = HashingEmbedder.Axis(3) });

        var vector = await Index.SearchAsync(new SearchQuery("") { Vector = HashingEmbedder.Axis(0) }, None);
        var hybrid = await Index.SearchAsync(new SearchQuery("kafka consumer lag") { Vector = HashingEmbedder.Axis(0) }, None);

        Assert.DoesNotContain("directionless", vector.Select(h => h.Id));
        Assert.Equal("aligned", vector[0].Id);
        Assert.Contains("directionless", hybrid.Select(h => h.Id));
        Assert.Contains(hybrid[0].Id, (string[])["aligned", "directionless"]);
        Assert.All(hybrid, h => Assert.True(double.IsFinite(h.Score), $"{h.Id} scored {h.Score}"));
        Assert.Equal(hybrid.Select(h => h.Score).OrderDescending(), hybrid.Select(h => h.Score));
        if (ReportsArmScores)
        {
            Assert.Null(hybrid.Single(h => h.Id == "directionless").Vector);
        }
    }

    [Theory]
    [MemberData(nameof(DirectionlessKinds))]
    public async Task AQueryVectorWithoutDirectionSearchesByKeywordAlone(string kind)
    {
        await UpsertAsync(
            Doc("match", "terraform state lock") with { Vector = HashingEmbedder.Axis(0) },
            Doc("partial", "terraform plan output") with { Vector = HashingEmbedder.Axis(1) },
            Doc("none", "redis eviction policy") with { Vector = HashingEmbedder.Axis(0) });

        var keyword = await SearchAsync(Mode.Keyword, "terraform state lock");
        var hits = await Index.SearchAsync(new SearchQuery("terraform state lock") { Vector = Directionless(kind) }, None);

        Assert.Equal(keyword.Select(h => h.Id), hits.Select(h => h.Id));
        Assert.All(hits, h => Assert.Null(h.Vector));
        Assert.Empty(await Index.SearchAsync(new SearchQuery("") { Vector = Directionless(kind) }, None));
    }
}
