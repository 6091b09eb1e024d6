using Cairn.Embeddings.Local;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class LocalEmbeddingGeneratorTests : IDisposable
{
    private readonly WordVectorFixture _fixture = new(
        1_000,
        ("the", 1, [1f, 0f, 0f]),
        ("replica", 300, [0f, 1f, 0.2f]),
        ("cake", 400, [0.1f, 0f, 1f]));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task EmbedsEachTextInOrder()
    {
        // Without common-component removal, so that each text points along its word in three dimensions.
        using var generator = new LocalEmbeddingGenerator(new LocalEmbedderOptions { ModelPath = _fixture.Path, RemoveCommonComponent = false }, AppContext.BaseDirectory);

        var embeddings = await generator.GenerateAsync(["replicas", "a cake", "nothing known"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(generator.ModelId, e.ModelId));
        Assert.All(embeddings, e => Assert.Equal(3, e.Dimensions));
        Assert.True(embeddings[0].Vector.Span[1] > 0.9f);
        Assert.True(embeddings[1].Vector.Span[2] > 0.9f);
        Assert.All(embeddings[2].Vector.ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void DescribesItselfBeforeTheModelIsLoaded()
    {
        using var generator = Generator(_fixture.Path);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(LocalEmbeddingGenerator.ProviderName, metadata.ProviderName);
        Assert.Equal("test-vectors+sif(a=0.0001,cc)", metadata.DefaultModelId);
        Assert.Equal(3, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService<LocalEmbeddingGenerator>());
    }

    [Fact]
    public async Task RefusesToChangeTheNumberOfDimensions()
    {
        using var generator = Generator(_fixture.Path);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            generator.GenerateAsync(["cake"], new EmbeddingGenerationOptions { Dimensions = 1536 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void SaysHowToBuildAMissingModel()
    {
        var options = new LocalEmbedderOptions { ModelPath = Path.Combine(Path.GetTempPath(), "no-such-model.bin") };

        var exception = Assert.Throws<InvalidOperationException>(() => new LocalEmbeddingGenerator(options, AppContext.BaseDirectory));
        Assert.Contains("scripts/lib/embedder.sh", exception.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-model.bin", exception.Message, StringComparison.Ordinal);
        Assert.True(new LocalEmbedderOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public async Task SaysHowToRebuildACorruptModel()
    {
        var bytes = await File.ReadAllBytesAsync(_fixture.Path, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(_fixture.Path, bytes[..^10], TestContext.Current.CancellationToken);
        using var generator = Generator(_fixture.Path);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            generator.GenerateAsync(["cake"], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/lib/embedder.sh", exception.Message, StringComparison.Ordinal);
    }

    private static LocalEmbeddingGenerator Generator(string path) =>
        new(new LocalEmbedderOptions { ModelPath = path }, AppContext.BaseDirectory);
}
