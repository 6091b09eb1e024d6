using Cairn.Embeddings;
using Cairn.Embeddings.Onnx;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Embeddings;

// The real default model (all-MiniLM-L6-v2 on ONNX Runtime), judged on meaning; shared with the test apps.
[Trait("Storage", "None")]
public sealed class SentenceModelTests
{
    private static SentenceEmbeddingGenerator Generator => SharedEmbedder.Instance;

    [Theory]
    [InlineData("reduce container footprint for a flask service", "Shrinking the Docker image of a Python web app with a multi-stage build", "PostgreSQL vacuum settings for a write-heavy table")]
    [InlineData("rotate the API keys every month", "renew credentials and secrets regularly", "the river flooded the valley")]
    [InlineData("the test suite is flaky on CI", "tests fail randomly in continuous integration", "my grandmother knits sweaters")]
    [InlineData("set up postgres replication", "configure postgresql streaming replicas", "bake a chocolate cake")]
    public async Task ParaphrasesScoreClearlyHigherThanUnrelatedTexts(string text, string paraphrase, string unrelated)
    {
        var vectors = await Embed(text, paraphrase, unrelated);

        var related = Cosine(vectors[0], vectors[1]);
        var other = Cosine(vectors[0], vectors[2]);
        Assert.True(related > other + 0.25f, $"cosine {related:F3} to the paraphrase should clearly beat {other:F3} to the unrelated text");
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("zzqxv 12345 ##")]
    [InlineData("NullReferenceException thrown in OrderService.GetById when the cache is cold")]
    public async Task ReturnsUnitVectorsOfTheModelsSize(string text)
    {
        var vector = (await Embed(text))[0];

        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 1e-4);
    }

    [Fact]
    public async Task ABatchGivesTheSameVectorsAsOneTextAtATime()
    {
        string[] texts = ["short", "a somewhat longer sentence about connection pools timing out under load", "médium-length text with accents"];

        var batched = await Embed(texts);
        using var uncached = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions { QueryCacheSize = 0, BatchSize = 1 }, AppContext.BaseDirectory);
        var single = new List<float[]>();
        foreach (var text in texts)
        {
            single.Add((await uncached.GenerateVectorAsync(text, cancellationToken: TestContext.Current.CancellationToken)).ToArray());
        }

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(Cosine(batched[i], single[i]) > 0.9999f, $"text {i}: padding in a batch changed its vector");
        }
    }

    [Fact]
    public async Task TextsBeyondTheModelsLengthAreCutNotRejected()
    {
        var longText = string.Join(' ', Enumerable.Repeat("the replication slot kept growing until the disk filled up", 200));

        var vector = (await Embed(longText))[0];

        Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 1e-4);
    }

    [Fact]
    public async Task ArcticMarksQueriesWithItsRetrievalPrefix()
    {
        using var arctic = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions { Model = "ArcticXs", QueryCacheSize = 0 }, AppContext.BaseDirectory);
        const string text = "how do I stop the connection pool from running out";

        var asQuery = await arctic.GenerateVectorAsync(text, EmbeddingPurpose.Query, TestContext.Current.CancellationToken);
        var asDocument = await arctic.GenerateVectorAsync(text, cancellationToken: TestContext.Current.CancellationToken);
        var prefixed = await arctic.GenerateVectorAsync(SentenceModel.ArcticXs.QueryPrefix + text, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(prefixed.ToArray(), asQuery.ToArray());
        Assert.NotEqual(asDocument.ToArray(), asQuery.ToArray());
        Assert.Equal("Snowflake/snowflake-arctic-embed-xs", arctic.Metadata.DefaultModelId);
    }

    [Fact]
    public async Task ChunkAveragingReadsPastTheFirstWindow()
    {
        using var chunked = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions { LongTexts = LongTextMode.AverageChunks, QueryCacheSize = 0 }, AppContext.BaseDirectory);
        var opening = string.Join(' ', Enumerable.Repeat("bake bread with sourdough starter and flour", 60));
        var text = $"{opening} {string.Join(' ', Enumerable.Repeat("postgres replication lag on the standby server", 60))}";
        var query = (await Embed("postgres replication lag"))[0];

        var truncated = (await Embed(text))[0];
        var averaged = (await chunked.GenerateVectorAsync(text, cancellationToken: TestContext.Current.CancellationToken)).ToArray();

        Assert.True(Cosine(query, averaged) > Cosine(query, truncated) + 0.1f, "the second half of the text should count when chunks are averaged");
    }

    [Fact]
    public void NamesTheModelAndItsDimensionsBeforeLoading()
    {
        using var generator = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions(), AppContext.BaseDirectory);

        Assert.Equal(EmbedderState.Loading, generator.State);
        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", generator.Metadata.DefaultModelId);
        Assert.Equal(384, generator.Metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task AskingForOtherDimensionsIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 768 }, TestContext.Current.CancellationToken));
    }

    private static async Task<float[][]> Embed(params string[] texts)
    {
        var embeddings = await Generator.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);
        return [.. embeddings.Select(e => e.Vector.ToArray())];
    }

    private static float Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
