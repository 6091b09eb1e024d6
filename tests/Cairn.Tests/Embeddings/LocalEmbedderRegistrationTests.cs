using Cairn.Embeddings.Local;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class LocalEmbedderRegistrationTests : IDisposable
{
    private readonly WordVectorFixture _fixture = new(100, ("cairn", 40, [0.3f, 0.4f]));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task ServesTheAppsEmbeddingGeneratorOnceStarted()
    {
        using var host = Host(_fixture.Path);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embedding = await generator.GenerateVectorAsync("cairns", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, embedding.Length);
        Assert.Same(host.Services.GetRequiredService<LocalEmbeddingGenerator>(), generator);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RefusesToStartWithoutTheModel()
    {
        using var host = Host(Path.Combine(Path.GetTempPath(), "missing-model.bin"));

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("scripts/lib/embedder.sh", exception.Message, StringComparison.Ordinal);
    }

    private static IHost Host(string modelPath)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new($"{LocalEmbedderOptions.Section}:ModelPath", modelPath)]);
        builder.Services.AddLocalEmbedder();
        return builder.Build();
    }
}
