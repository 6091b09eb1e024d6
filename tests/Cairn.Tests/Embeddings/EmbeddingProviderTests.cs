using Cairn.Embeddings;
using Cairn.Embeddings.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class EmbeddingProviderTests
{
    [Fact]
    public void OpenAIIsChosenByConfiguration()
    {
        using var host = Host(new()
        {
            [EmbeddingsExtensions.ProviderKey] = "OpenAI",
            ["Cairn:Embeddings:OpenAI:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Cairn:Embeddings:OpenAI:Model"] = "nomic-embed-text",
            ["Cairn:Embeddings:OpenAI:Dimensions"] = "768",
        });

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.IsType<OpenAIEmbeddingGenerator>(generator);
        Assert.Equal(EmbeddingProvider.OpenAI, host.Services.GetRequiredService<IOptions<EmbeddingsOptions>>().Value.Provider);
        Assert.Equal(768, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public async Task OpenAIWithoutItsSettingsRefusesToStart()
    {
        using var host = Host(new() { [EmbeddingsExtensions.ProviderKey] = "openai" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Endpoint", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Dimensions", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownProviderIsNamed()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Host(new() { [EmbeddingsExtensions.ProviderKey] = "Cohere" }));

        Assert.Contains("'Cohere'; use Local", exception.Message, StringComparison.Ordinal);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCairnEmbeddings(builder.Configuration);
        return builder.Build();
    }
}
