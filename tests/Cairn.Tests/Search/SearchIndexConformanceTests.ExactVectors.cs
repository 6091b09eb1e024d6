using Cairn.Search;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

// A filter that few documents pass: the vector arm must rank exactly those, by cosine, whatever path a backend takes.
public abstract partial class SearchIndexConformanceTests
{
    [Fact]
    public async Task ASelectiveFilterRanksThePassingDocumentsByBruteForceCosine() => await AssertSelectiveFilterRanksByCosineAsync();

    /// <summary>
    /// 120 documents with random vectors, 20 of them in the filter's domain; a hybrid query whose words no document has,
    /// so the ranking is the vector arm's alone, must list the best 10 of those 20 (twice the arm's candidates, so the
    /// cut matters) in the order of their cosines computed here.
    /// </summary>
    protected async Task AssertSelectiveFilterRanksByCosineAsync()
    {
        var random = new Random(23);
        var documents = Enumerable.Range(0, 120).Select(i => Doc($"d{i:00}", $"entry {i}") with
        {
            Domain = i % 6 == 0 ? "networking" : "frontend",
            Vector = RandomUnitVector(random),
        }).ToArray();
        await UpsertAsync(documents);
        var query = RandomUnitVector(random);
        var expected = documents.Where(d => d.Domain == "networking")
            .Select(d => (d.Id, Cosine: Cosine.Of(d.Vector!.Value.Span, query)))
            .OrderByDescending(d => d.Cosine).Take(10).ToList();

        var hits = await Index.SearchAsync(
            new SearchQuery("zyxwvutsrq") { Vector = query, Filter = new SearchFilter { Domain = "networking" }, Limit = 10 }, None);

        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id));
        if (ReportsArmScores)
        {
            Assert.Equal(Enumerable.Range(1, 10), hits.Select(h => h.Vector!.Rank));
            Assert.All(hits.Zip(expected), pair => Assert.Equal(pair.Second.Cosine, pair.First.Vector!.Score, 5));
        }
    }

    private static float[] RandomUnitVector(Random random)
    {
        var vector = Enumerable.Range(0, HashingEmbedder.Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}
