using Cairn.Search;
using Cairn.Search.Postgres;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

/// <summary>The mirror's int8 vectors: the error bound holds, and the shortlist it draws keeps every document of the exact top.</summary>
[Trait("Storage", "None")]
public sealed class QuantizedVectorsTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(384)]
    public void TheCosineOfAQuantisedVectorStaysWithinItsBoundOfTheExactOne(int dimensions)
    {
        var random = new Random(dimensions);
        var vectors = new QuantizedVectors(dimensions);
        vectors.EnsureCapacity(200);
        var stored = Enumerable.Range(0, 200).Select(_ => Spiky(random, dimensions)).ToArray();
        for (var slot = 0; slot < stored.Length; slot++)
        {
            vectors.Set(slot, stored[slot]);
        }

        var worst = 0.0;
        for (var q = 0; q < 20; q++)
        {
            var query = Spiky(random, dimensions);
            var unit = vectors.Prepare(query)!;
            for (var slot = 0; slot < stored.Length; slot++)
            {
                var error = Math.Abs(vectors.Score(unit, slot) - Cosine.Of(stored[slot], query));
                Assert.True(error <= vectors.Bound(unit, slot), $"slot {slot}: error {error} above its bound {vectors.Bound(unit, slot)}");
                worst = Math.Max(worst, error / vectors.Bound(unit, slot));
            }
        }
        // The bound is not vacuous: the quantisation error comes within reach of it.
        Assert.InRange(worst, 0.05, 1.0);
    }

    [Fact]
    public void AVectorWithoutDirectionOrOfAnotherSizeIsHeldAsNone()
    {
        var vectors = new QuantizedVectors(4);
        vectors.EnsureCapacity(3);
        vectors.Set(0, [1e-30f, 0, 0, 0]);
        vectors.Set(1, [1, 2, 3]);
        vectors.Set(2, [1, 2, 3, 4]);

        Assert.Equal([false, false, true], [vectors.Has(0), vectors.Has(1), vectors.Has(2)]);
    }

    /// <summary>
    /// Near-ties, the case that would break a shortlist without a bound: 400 copies of one vector, each nudged by less than an
    /// int8 step, so the quantised order of their cosines disagrees with the exact one. The shortlist must hold the exact
    /// best 20 of those that pass, and leave out the far ones.
    /// </summary>
    [Fact]
    public void TheShortlistHoldsTheExactBestAmongNearTiesAndLeavesOutTheFarOnes()
    {
        const int dimensions = 100;
        var random = new Random(7);
        var centre = Spiky(random, dimensions);
        var rows = new List<KeywordRow>();
        var vectors = new Dictionary<int, float[]>();
        for (var doc = 1; doc <= 1000; doc++)
        {
            var near = doc <= 400;
            var vector = near ? [.. centre.Select(v => v + (float)((random.NextDouble() - 0.5) * 2e-3))] : Spiky(random, dimensions);
            vectors[doc] = vector;
            rows.Add(new KeywordRow(doc, $"d{doc}", 1, "experience", null, true, null, doc % 2 == 0 ? "networking" : "frontend", [], null, null,
                [1, 0, 0], [1], [1], vector));
        }
        var index = new KeywordIndex(dimensions);
        index.Apply(rows, []);
        var filter = new SearchFilter { Domain = "networking" };

        var shortlist = index.Shortlist(filter, centre, 20, long.MaxValue)!;

        var exactBest = vectors.Where(v => v.Key % 2 == 0).OrderByDescending(v => Cosine.Of(v.Value, centre)).ThenBy(v => v.Key).Take(20).Select(v => v.Key);
        var quantised = new QuantizedVectors(dimensions);
        quantised.EnsureCapacity(1001);
        foreach (var (doc, vector) in vectors)
        {
            quantised.Set(doc, vector);
        }
        var unit = quantised.Prepare(centre)!;
        var quantisedBest = vectors.Keys.Where(doc => doc % 2 == 0).OrderByDescending(doc => quantised.Score(unit, doc)).Take(20);
        // Adversarial indeed: the quantised cosines alone would pick another 20.
        Assert.NotEqual(exactBest.Order(), quantisedBest.Order());
        Assert.Equal(500, shortlist.Passing);
        Assert.Subset(shortlist.Docs.ToHashSet(), exactBest.ToHashSet());
        Assert.All(shortlist.Docs, doc => Assert.True(doc <= 400, $"far document {doc} shortlisted"));
        Assert.Equal(shortlist.Docs.Order(), shortlist.Docs);
    }

    // 30,000 slots and a kind filter (no slot list to follow): the pass is split in two halves, one on another thread.
    [Fact]
    public void AShortlistDrawnInTwoHalvesHoldsTheExactBestOfBoth()
    {
        var random = new Random(5);
        var vectors = Enumerable.Range(1, 30_000).ToDictionary(doc => doc, _ => Spiky(random, 100));
        var index = new KeywordIndex(100);
        index.Apply([.. vectors.Select(v => new KeywordRow(v.Key, $"d{v.Key}", 1, v.Key % 3 == 0 ? "engram" : "experience", null, true, null, null, [],
            null, null, [1, 0, 0], [1], [1], v.Value))], []);
        var query = Spiky(random, 100);

        var shortlist = index.Shortlist(new SearchFilter { Kinds = ["experience"] }, query, 50, long.MaxValue)!;

        var exactBest = vectors.Where(v => v.Key % 3 != 0).OrderByDescending(v => Cosine.Of(v.Value, query)).Take(50).Select(v => v.Key);
        Assert.Equal(20_000, shortlist.Passing);
        Assert.Subset(shortlist.Docs.ToHashSet(), exactBest.ToHashSet());
        Assert.InRange(shortlist.Docs.Length, 50, 1_000);
        Assert.Contains(shortlist.Docs, doc => doc > 19_096);
    }

    [Fact]
    public void AShortlistThatWouldReadMoreCodesThanAllowedIsLeftToHnsw()
    {
        var random = new Random(3);
        var index = new KeywordIndex(100);
        index.Apply([.. Enumerable.Range(1, 50).Select(doc => new KeywordRow(doc, $"d{doc}", 1, "experience", null, true, null, "networking", [], null, null,
            [1, 0, 0], [1], [1], Spiky(random, 100)))], []);
        var filter = new SearchFilter { Domain = "networking" };

        Assert.Null(index.Shortlist(filter, Spiky(random, 100), 10, maxScan: 49 * 128));
        Assert.Equal(50, index.Shortlist(filter, Spiky(random, 100), 10, maxScan: 50 * 128)!.Passing);
    }

    // Mostly small values and a few large ones, as word-vector averages have: the largest sets the int8 step.
    private static float[] Spiky(Random random, int dimensions) =>
        [.. Enumerable.Range(0, dimensions).Select(i => (float)((random.NextDouble() * 2 - 1) * (i % 17 == 0 ? 3 : 0.3)))];
}
