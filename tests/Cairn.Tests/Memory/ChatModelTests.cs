using System.Net;
using System.Text;
using Cairn.Engrams;
using Cairn.Memory;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Memory;

// The optional chat-model classifier and compressor: used when chosen, held to the rules' guarantees, never a single
// point of failure.
[Trait("Storage", "None")]
public sealed class ChatModelTests
{
    [Theory]
    [InlineData("shocks", "shocks")]
    [InlineData(" Procedures.\n", "procedures")]
    [InlineData("long-term", "long_term")]
    [InlineData("I think this is a practice", "long_term")] // not one ring name: the rules decide (a plain fact)
    public async Task TheChatClassifierTakesARingNameAndOtherwiseFallsBackToTheRules(string answer, string ring)
    {
        var classifier = new ChatClassifier(new ScriptedChat(_ => answer), NullLogger<ChatClassifier>.Instance);

        Assert.Equal(ring, await classifier.ClassifyAsync(Observation("The staging cluster has three nodes."), CancellationToken.None));
    }

    [Fact]
    public async Task AFailingChatModelNeverStopsClassification()
    {
        var classifier = new ChatClassifier(new ScriptedChat(_ => throw new HttpRequestException("down")), NullLogger<ChatClassifier>.Instance);

        Assert.Equal("practice", await classifier.ClassifyAsync(Observation("Always pin the SDK version."), CancellationToken.None));
    }

    [Fact]
    public async Task TheChatCompressorIsHeldToTheTokenTargetAndFallsBackToExtraction()
    {
        var text = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"Sentence {i} talks about the deployment pipeline and its caches."));
        var verbose = new ChatCompressor(new ScriptedChat(_ => text), NullLogger<ChatCompressor>.Instance);
        var failing = new ChatCompressor(new ScriptedChat(_ => throw new TimeoutException()), NullLogger<ChatCompressor>.Instance);
        var terse = new ChatCompressor(new ScriptedChat(_ => "Pipeline caches matter."), NullLogger<ChatCompressor>.Instance);

        Assert.True(Tokens.Estimate(await verbose.CompressAsync(text, 50, CancellationToken.None)) <= 50);
        Assert.Equal(ExtractiveCompressor.Compress(text, 50), await failing.CompressAsync(text, 50, CancellationToken.None));
        Assert.Equal("Pipeline caches matter.", await terse.CompressAsync(text, 50, CancellationToken.None));
    }

    [Theory]
    [InlineData("Rules", "Rules", typeof(RuleClassifier), typeof(ExtractiveCompressor))]
    [InlineData("Chat", "Rules", typeof(ChatClassifier), typeof(ExtractiveCompressor))]
    [InlineData("Rules", "Chat", typeof(RuleClassifier), typeof(ChatCompressor))]
    public void SettingsChooseTheImplementations(string classifier, string compressor, Type classifierType, Type compressorType)
    {
        using var services = Services(new()
        {
            ["Cairn:Memory:Classifier"] = classifier,
            ["Cairn:Memory:Compressor"] = compressor,
            ["Cairn:Memory:Chat:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Cairn:Memory:Chat:Model"] = "llama3.2",
        });

        Assert.IsType(classifierType, services.GetRequiredService<IMemoryClassifier>());
        Assert.IsType(compressorType, services.GetRequiredService<IMemoryCompressor>());
    }

    [Theory]
    [InlineData("Cairn:Memory:CbpKey", "c2hvcnQ=", "CbpKey must be base64 of at least 32 bytes")]
    [InlineData("Cairn:Memory:CbpKey", "not base64 at all!", "CbpKey must be base64")]
    [InlineData("Cairn:Memory:Classifier", "Chat", "Cairn:Memory:Chat:Endpoint is not set")]
    [InlineData("Cairn:Memory:Compressor", "Oracle", "Compressor")]
    [InlineData("Cairn:Memory:CbpMinContributors", "2", "CbpMinContributors")]
    [InlineData("Cairn:Memory:Chat:Endpoint", "http://127.0.0.1:11434/v1", "Cairn:Memory:Chat:Model is empty")]
    [InlineData("Cairn:Memory:BufferTtl", "00:00:10", "BufferTtl")]
    public void AMemorySettingThatCannotWorkIsRefusedNamingIt(string setting, string value, string expected)
    {
        using var services = Services(new() { [setting] = value });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IOptions<MemoryOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnresolvedKeyVaultReferenceTurnsTheCollectivePoolOffInsteadOfStoppingTheApp()
    {
        using var services = Services(new() { ["Cairn:Memory:CbpKey"] = "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/memory-cbp-key)" });

        Assert.NotNull(services.GetRequiredService<IOptions<MemoryOptions>>().Value);
        Assert.Null(CbpKeys.Load(services.GetRequiredService<IOptions<MemoryOptions>>().Value.CbpKey));
    }

    [Fact]
    public async Task TheOpenAIChatClientSpeaksChatCompletions()
    {
        string? sent = null;
        var handler = new StubHandler(async request =>
        {
            sent = await request.Content!.ReadAsStringAsync();
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""
                    {"id":"c1","object":"chat.completion","created":1,"model":"llama3.2",
                     "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"shocks"}}]}
                    """, Encoding.UTF8, "application/json"),
            };
        });
        using var client = new OpenAIChatClient(Options.Create(new MemoryChatOptions { Endpoint = new Uri("http://chat.test/v1"), Model = "llama3.2", MaxRetries = 0 }), new HttpClient(handler));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Classify."), new ChatMessage(ChatRole.User, "It crashed.")], new ChatOptions { Temperature = 0 });

        Assert.Equal("shocks", response.Text);
        Assert.Contains("\"model\":\"llama3.2\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"system\"", sent, StringComparison.Ordinal);
        Assert.Equal("http://chat.test/v1/chat/completions", handler.LastUri?.ToString());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddMemory();
        return services.BuildServiceProvider();
    }

    private static MemoryItem Observation(string text)
    {
        var now = DateTimeOffset.UnixEpoch;
        return new MemoryItem(Guid.NewGuid(), Guid.NewGuid(), null, Rings.Buffer, Stages.Full, MemorySources.Observation, null, null, text, text, text,
            MemoryText.Fingerprint(text), Tokens.Estimate(text), MemoryOutcomes.None, 0, 0, now, now, null, now, now, now, 1, false);
    }

    private sealed class ScriptedChat(Func<IEnumerable<ChatMessage>, string> answer) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(messages))));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class StubHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastUri = request.RequestUri;
            return respond(request);
        }
    }
}
