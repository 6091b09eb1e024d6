using System.Net.Http.Headers;

namespace Cairn.Pulse.WebPubSub;

// Pushes through Web PubSub's send operations with Content-Type: application/json, which the service hands to
// json.webpubsub.azure.v1 clients as {"type":"message","from":"server","dataType":"json","data":…} (the same frame the
// local hub writes) and to simple WebSocket clients as the bare JSON.
public sealed class WebPubSubPublisher(WebPubSubRestClient rest) : IPulsePublisher
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task PublishToAgentAsync(Guid agentId, PulseMessage message, CancellationToken cancellationToken) =>
        SendAsync($"/users/{Uri.EscapeDataString(agentId.ToString())}/:send", message, cancellationToken);

    public Task PublishToGroupAsync(string group, PulseMessage message, CancellationToken cancellationToken) =>
        SendAsync($"/groups/{Uri.EscapeDataString(group)}/:send", message, cancellationToken);

    public Task PublishToAllAsync(PulseMessage message, CancellationToken cancellationToken) =>
        SendAsync("/:send", message, cancellationToken);

    // Every connection of the user, on every instance of the service; its tokens carry no key version the service could
    // compare.
    public async Task CloseAgentConnectionsAsync(Guid agentId, long? keepKeyVersion, string reason, CancellationToken cancellationToken)
    {
        using var response = await rest.SendAsync(HttpMethod.Post,
            rest.HubUrl($"/users/{Uri.EscapeDataString(agentId.ToString())}/:closeConnections", ("reason", reason)), () => null, cancellationToken);
    }

    // The service has no cheap count of connected users; presence would need its connect/disconnect events.
    public ValueTask<int?> CountConnectedAgentsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<int?>(null);

    private async Task SendAsync(string path, PulseMessage message, CancellationToken cancellationToken)
    {
        var body = message.ToUtf8Json();
        using var response = await rest.SendAsync(HttpMethod.Post, rest.HubUrl(path), () => new ByteArrayContent(body) { Headers = { ContentType = Json } }, cancellationToken);
    }
}
