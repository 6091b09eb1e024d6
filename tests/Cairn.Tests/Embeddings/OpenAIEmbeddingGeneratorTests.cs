using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Embeddings.OpenAI;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class OpenAIEmbeddingGeneratorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SendsTheModelAndDimensionsInBatchesAndKeepsTheOrder()
    {
        var endpoint = new StubEndpoint();
        using var generator = Generator(endpoint, batchSize: 2);

        var embeddings = await generator.GenerateAsync(["one", "two", "three"], cancellationToken: None);

        Assert.Equal([["one", "two"], ["three"]], endpoint.Requests.Select(r => r["input"]!.AsArray().Select(i => (string)i!).ToArray()));
        Assert.All(endpoint.Requests, r => Assert.Equal("text-embedding-3-small", (string?)r["model"]));
        Assert.All(endpoint.Requests, r => Assert.Equal(4, (int?)r["dimensions"]));
        Assert.Equal([3f, 3f, 5f], embeddings.Select(e => e.Vector.Span[0]));
        Assert.All(embeddings, e => Assert.Equal("text-embedding-3-small", e.ModelId));
        Assert.Equal("Bearer secret", endpoint.Authorization);
    }

    [Fact]
    public async Task RetriesThrottlingAndServerErrors()
    {
        var endpoint = new StubEndpoint { Failures = new Queue<HttpStatusCode>([HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable]) };
        using var generator = Generator(endpoint);

        var embeddings = await generator.GenerateAsync(["retry me"], cancellationToken: None);

        Assert.Single(embeddings);
        Assert.Equal(3, endpoint.Calls);
    }

    [Fact]
    public async Task GivesUpAfterTheRetriesWithTheStatus()
    {
        var endpoint = new StubEndpoint { Failures = new Queue<HttpStatusCode>(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 5)) };
        using var generator = Generator(endpoint, maxRetries: 1);

        var exception = await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => generator.GenerateAsync(["x"], cancellationToken: None));

        Assert.Contains("503", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, endpoint.Calls);
    }

    [Fact]
    public async Task AQueryIsNotRetriedButADocumentIs()
    {
        var endpoint = new StubEndpoint { Failures = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable]) };
        using var generator = Generator(endpoint);

        await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => generator.GenerateAsync(["query"], Cairn.Embeddings.EmbeddingPurpose.Query, None));
        var document = await generator.GenerateAsync(["document"], cancellationToken: None);

        Assert.Single(document);
        Assert.Equal(3, endpoint.Calls);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public async Task AVectorHoldingANonFiniteValueMeansTheEmbedderIsUnavailable(float value)
    {
        using var generator = Generator(new StubEndpoint { Value = value });

        var exception = await Assert.ThrowsAsync<EmbeddingUnavailableException>(() => generator.GenerateAsync(["x"], cancellationToken: None));

        Assert.Contains("not a finite number", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesVectorsOfAnotherSize()
    {
        var endpoint = new StubEndpoint { Dimensions = 3 };
        using var generator = Generator(endpoint);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(["x"], cancellationToken: None));

        Assert.Contains("returned 3-dimensional vectors", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Dimensions is 4", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeavesDimensionsOutWhenTheModelRejectsThem()
    {
        var endpoint = new StubEndpoint();
        using var generator = Generator(endpoint, requestDimensions: false);

        await generator.GenerateAsync(["x"], cancellationToken: None);

        Assert.Null(endpoint.Requests.Single()["dimensions"]);
    }

    [Fact]
    public void DescribesItsModelForTheIndexCheck()
    {
        using var generator = Generator(new StubEndpoint());

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(("text-embedding-3-small", 4), (metadata.DefaultModelId, metadata.DefaultModelDimensions));
        Assert.Equal(OpenAIEmbeddingGenerator.ProviderName, metadata.ProviderName);
    }

    private static OpenAIEmbeddingGenerator Generator(StubEndpoint endpoint, int batchSize = 64, int maxRetries = 4, bool requestDimensions = true) =>
        new(new OpenAIEmbedderOptions
        {
            Endpoint = new Uri("http://embeddings.test/v1"),
            ApiKey = "secret",
            Model = "text-embedding-3-small",
            Dimensions = 4,
            RequestDimensions = requestDimensions,
            BatchSize = batchSize,
            MaxRetries = maxRetries,
        }, new HttpClient(endpoint));

    /// <summary>JSON has no NaN or infinity: such vectors go base64-encoded, as the API sends them when asked to.</summary>
    private static object Vector(float[] values) =>
        values.All(float.IsFinite) ? values : Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>Answers /embeddings like the OpenAI API: each vector is [input length, 0, …]; queued failures come first.</summary>
    private sealed class StubEndpoint : HttpMessageHandler
    {
        public List<JsonObject> Requests { get; } = [];
        public Queue<HttpStatusCode> Failures { get; init; } = new();
        public int Dimensions { get; init; } = 4;
        public float? Value { get; init; }
        public int Calls { get; private set; }
        public string? Authorization { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            Authorization = request.Headers.Authorization?.ToString();
            Assert.Equal("http://embeddings.test/v1/embeddings", request.RequestUri!.ToString());
            if (Failures.TryDequeue(out var failure))
            {
                var refused = new HttpResponseMessage(failure) { Content = new StringContent("""{"error":{"message":"busy"}}""", Encoding.UTF8, "application/json") };
                refused.Headers.Add("Retry-After", "0");
                return refused;
            }
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            Requests.Add(body);
            var data = body["input"]!.AsArray().Select((input, i) => new
            {
                @object = "embedding",
                index = i,
                embedding = Vector(Enumerable.Range(0, Dimensions).Select(d => d == 0 ? Value ?? ((string)input!).Length : 0f).ToArray()),
            });
            var json = JsonSerializer.Serialize(new { @object = "list", data, model = "text-embedding-3-small", usage = new { prompt_tokens = 3, total_tokens = 3 } });
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
