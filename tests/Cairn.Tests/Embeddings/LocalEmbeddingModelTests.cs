using Cairn.Embeddings.Local;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class LocalEmbeddingModelTests : IDisposable
{
    private const int SourceVocabulary = 10_000;

    private static readonly (string Word, int Rank, float[] Vector)[] Vocabulary =
    [
        ("the", 1, [1f, 0f, 0f, 0f]),
        ("of", 2, [0.9f, 0.1f, 0f, 0f]),
        ("cat", 5_000, [0f, 1f, 0f, 0f]),
        ("dog", 6_000, [0f, 0.8f, 0.6f, 0f]),
        ("cake", 7_000, [0f, 0f, 0f, 1f]),
    ];

    private readonly WordVectorFixture _fixture = new(SourceVocabulary, Vocabulary);
    private readonly WordVectors _words;

    public LocalEmbeddingModelTests() => _words = WordVectorFile.Read(_fixture.Path);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void IsTheNormalisedSifWeightedSumOfTheWordVectors()
    {
        var model = new LocalEmbeddingModel(_words, 1e-4, removeCommonComponent: false);
        var expected = new float[4];
        foreach (var (_, rank, vector) in new[] { Vocabulary[0], Vocabulary[2], Vocabulary[0], Vocabulary[3] })
        {
            var weight = (float)SifWeighting.Weight(rank, SourceVocabulary, 1e-4);
            for (var d = 0; d < 4; d++)
            {
                expected[d] += weight * WordVectorFixture.Dequantised(vector, d);
            }
        }

        var actual = Embed(model, "The cat, the dog!");

        var norm = MathF.Sqrt(expected.Sum(x => x * x));
        Assert.Equal(expected.Select(x => x / norm), actual, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void FrequentWordsBarelyMoveTheEmbedding()
    {
        var model = new LocalEmbeddingModel(_words, 1e-4, removeCommonComponent: false);
        Assert.True(Cosine(Embed(model, "cat"), Embed(model, "the cat of the cat")) > 0.99);
    }

    [Fact]
    public void RemovesTheCommonComponentFromEveryEmbedding()
    {
        var model = new LocalEmbeddingModel(_words, 1e-4, removeCommonComponent: true);

        // The frequent words dominate the expected word vector, so the component points their way.
        Assert.True(model.CommonComponent[0] > 0.9f);
        foreach (var text in new[] { "the cat", "dog of cake", "cat dog cake the" })
        {
            Assert.Equal(0f, Dot(Embed(model, text), model.CommonComponent.ToArray()), 1e-5f);
            Assert.Equal(1f, Dot(Embed(model, text), Embed(model, text)), 1e-5f);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!! ???")]
    [InlineData("unknown words only")]
    public void EmbedsTextWithoutAKnownWordAsZeros(string text)
    {
        var model = new LocalEmbeddingModel(_words, 1e-4, removeCommonComponent: true);
        var destination = Enumerable.Repeat(7f, 4).ToArray();

        Assert.False(model.Embed(text, destination));
        Assert.All(destination, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void GivesTheSameVectorForTheSameText()
    {
        var model = new LocalEmbeddingModel(_words, 1e-4, removeCommonComponent: true);
        Assert.Equal(Embed(model, "the dog and the cake"), Embed(model, "the dog and the cake"));
    }

    [Fact]
    public void NamesTheVectorsAndTheWeighting()
    {
        Assert.Equal("test-vectors+sif(a=0.0001,cc)", new LocalEmbeddingModel(_words, 1e-4, removeCommonComponent: true).ModelId);
        Assert.Equal("test-vectors+sif(a=0.001)", new LocalEmbeddingModel(_words, 1e-3, removeCommonComponent: false).ModelId);
    }

    [Fact]
    public void RefusesADestinationOfTheWrongSize() =>
        Assert.Throws<ArgumentException>(() => new LocalEmbeddingModel(_words, 1e-4, true).Embed("cat", new float[3]));

    private static float[] Embed(LocalEmbeddingModel model, string text)
    {
        var vector = new float[model.Dimensions];
        Assert.True(model.Embed(text, vector));
        return vector;
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static float Cosine(float[] a, float[] b) => Dot(a, b) / MathF.Sqrt(Dot(a, a) * Dot(b, b));
}
