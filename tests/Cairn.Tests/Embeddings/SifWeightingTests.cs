using Cairn.Embeddings.Local;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class SifWeightingTests
{
    private const int GloVeVocabulary = 341_479;

    [Fact]
    public void TheMostFrequentWordCountsForAlmostNothing() =>
        Assert.Equal(0.00133, SifWeighting.Weight(1, GloVeVocabulary, 1e-4), 0.00001);

    [Fact]
    public void RareWordsCountForAlmostOne() =>
        Assert.InRange(SifWeighting.Weight(300_000, GloVeVocabulary, 1e-4), 0.997, 1.0);

    [Fact]
    public void WeightRisesWithRank()
    {
        var previous = 0.0;
        foreach (var rank in new[] { 1, 10, 100, 1_000, 10_000, 100_000 })
        {
            var weight = SifWeighting.Weight(rank, GloVeVocabulary, 1e-4);
            Assert.InRange(weight, previous, 1.0);
            previous = weight;
        }
    }

    [Fact]
    public void LargerSmoothingDiscountsFrequentWordsLess() =>
        Assert.True(SifWeighting.Weight(50, GloVeVocabulary, 1e-3) > SifWeighting.Weight(50, GloVeVocabulary, 1e-4));

    [Fact]
    public void ZipfProbabilitiesSumToOne()
    {
        var sum = 0.0;
        for (var rank = 1; rank <= 10_000; rank++)
        {
            sum += SifWeighting.ZipfProbability(rank, 10_000);
        }

        Assert.Equal(1.0, sum, 0.0001);
    }
}
