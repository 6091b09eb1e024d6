using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using global::OpenAI;
using global::OpenAI.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using OpenAIChatMessage = global::OpenAI.Chat.ChatMessage;

namespace Cairn.Memory;

// IChatClient over any OpenAI-compatible chat completions endpoint, with the SDK's retries. Small on purpose: text in,
// text out (Microsoft.Extensions.AI.OpenAI is not reachable from this build's registry).
public sealed class OpenAIChatClient : IChatClient
{
    public const string ProviderName = "openai-compatible";

    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;

    public OpenAIChatClient(IOptions<MemoryChatOptions> options)
        : this(options, transport: null)
    {
    }

    // With transport, requests go through that client instead of the network (tests).
    internal OpenAIChatClient(IOptions<MemoryChatOptions> options, HttpClient? transport)
    {
        var o = options.Value;
        var clientOptions = new OpenAIClientOptions { Endpoint = o.Endpoint, RetryPolicy = new ClientRetryPolicy(o.MaxRetries), NetworkTimeout = o.Timeout };
        if (transport is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(transport);
        }
        // Ollama needs no key, but the SDK insists on one.
        _client = new ChatClient(o.Model, new ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "unused" : o.ApiKey), clientOptions);
        _metadata = new ChatClientMetadata(ProviderName, o.Endpoint, o.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new ChatCompletionOptions { Temperature = options?.Temperature, MaxOutputTokenCount = options?.MaxOutputTokens };
        var completion = (await _client.CompleteChatAsync(messages.Select(Convert).ToList(), request, cancellationToken)).Value;
        var text = string.Concat(completion.Content.Select(part => part.Text));
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, text)) { ModelId = completion.Model };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Memory never streams; one update with the whole answer keeps the contract.
        var response = await GetResponseAsync(messages, options, cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, response.Text);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static OpenAIChatMessage Convert(AiChatMessage message) =>
        message.Role == ChatRole.System ? new SystemChatMessage(message.Text)
        : message.Role == ChatRole.Assistant ? new AssistantChatMessage(message.Text)
        : new UserChatMessage(message.Text);
}
