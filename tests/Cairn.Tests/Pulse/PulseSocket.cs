using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Pulse;

// A real ClientWebSocket against the app on Kestrel, reading and writing JSON frames.
public sealed class PulseSocket : IAsyncDisposable
{
    public const string Subprotocol = "json.webpubsub.azure.v1";

    // Only turns a hang into a failure; frames arrive in milliseconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private PulseSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static Uri WebSocketUri(CairnApp app, string pathAndQuery)
    {
        using var client = app.Client();
        var builder = new UriBuilder(client.BaseAddress!) { Scheme = "ws" };
        var parts = pathAndQuery.Split('?', 2);
        builder.Path = parts[0];
        builder.Query = parts.Length > 1 ? parts[1] : "";
        return builder.Uri;
    }

    public static Task<PulseSocket> ConnectAsync(CairnApp app, string apiKey, string? subprotocol = Subprotocol) =>
        ConnectAsync(WebSocketUri(app, $"/api/v1/pulse/ws?token={Uri.EscapeDataString(apiKey)}"), subprotocol);

    public static async Task<PulseSocket> ConnectAsync(Uri uri, string? subprotocol = Subprotocol, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (subprotocol is not null)
        {
            socket.Options.AddSubProtocol(subprotocol);
        }
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(uri, timeout.Token);
        return new PulseSocket(socket);
    }

    // Connects and reads the connected frame; returns the socket and its frame.
    public static async Task<(PulseSocket Socket, JsonObject Connected)> ConnectedAsync(CairnApp app, string apiKey)
    {
        var socket = await ConnectAsync(app, apiKey);
        var connected = await socket.ReceiveAsync();
        Assert.Equal("connected", (string?)connected["event"]);
        return (socket, connected);
    }

    public async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    public async Task<JsonObject> ReceiveAsync() =>
        JsonNode.Parse(await ReceiveTextAsync() ?? throw new InvalidOperationException($"The server closed the socket: {Socket.CloseStatus} {Socket.CloseStatusDescription}"))!.AsObject();

    // The next server message's data (skipping nothing: the next frame must be a message).
    public async Task<JsonObject> ReceiveDataAsync()
    {
        var frame = await ReceiveAsync();
        Assert.Equal("message", (string?)frame["type"]);
        return frame["data"]!.AsObject();
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Patience);
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // Already gone; nothing to close.
            }
        }
        Socket.Dispose();
    }
}
