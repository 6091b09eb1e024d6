using System.Net.Http.Headers;

namespace Cairn.Pulse.WebPubSub;

/// <summary>
/// Pushes through Web PubSub's send operations with <c>Content-Type: application/json</c>, which the service hands to
/// <c>json.webpubsub.azure.v1</c> clients as <c>{"type":"message","from":"server","dataType":"json","data":…}</c>
/// (the same frame the local hub writes) and to simple WebSocket clients as the bare JSON.
/// </summary>
public sealed class WebPubSubPublisher(WebPubSubRestClient rest) : IPulsePublisher
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task PublishToAgentAsync(Guid agentId, PulseMessage message, CancellationToken cancellationToken) =>
        SendAsync($"/users/{Uri.EscapeDataString(agentId.ToString())}/:send", message, cancellationToken);

    public Task PublishToGroupAsync(string group, PulseMessage message, CancellationToken cancellationToken) =>
        SendAsync($"/groups/{Uri.EscapeDataString(group)}/:send", message, cancellationToken);

    public Task PublishToAllAsync(PulseMessage message, CancellationToken cancellationToken) =>
        SendAsync("/:send", message, cancellationToken);

    /// <summary>Every connection of the user, on every instance of the service; its tokens carry no key version the service could compare.</summary>
    public async Task CloseAgentConnectionsAsync(Guid agentId, long? keepKeyVersion, string reason, CancellationToken cancellationToken)
    {
        using var response = await rest.SendAsync(HttpMethod.Post,
            rest.HubUrl($"/users/{Uri.EscapeDataString(agentId.ToString())}/:closeConnections", ("reason", reason)), () => null, cancellationToken);
    }

    /// <summary>The service has no cheap count of connected users; presence would need its connect/disconnect events.</summary>
    public ValueTask<int?> CountConnectedAgentsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<int?>(null);

    private async Task SendAsync(string path, PulseMessage message, CancellationToken cancellationToken)
    {
        var body = message.ToUtf8Json();
        using var response = await rest.SendAsync(HttpMethod.Post, rest.HubUrl(path), () => new ByteArrayContent(body) { Headers = { ContentType = Json } }, cancellationToken);
    }
}
