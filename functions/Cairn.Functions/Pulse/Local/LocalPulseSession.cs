using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Cairn.Pulse.Local;

// Runs one accepted WebSocket: the writer loop, and a read loop answering the client requests of
// json.webpubsub.azure.v1 as the service does (ping, joinGroup, leaveGroup, sendToGroup, event, each acked when it
// carries an ackId). A frame that breaks the protocol gets the connection declined, as the service declines it.
internal sealed class LocalPulseSession(WebSocket socket, LocalConnection connection, LocalPulseHub hub, TimeProvider clock, int maxGroups)
{
    // Client requests are small (no client publishing); anything larger is a misbehaving client.
    public const int MaxRequestBytes = 64 * 1024;

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    // Ack ids remembered per connection to answer a retried request with Duplicate.
    private const int RememberedAckIds = 4096;

    private readonly HashSet<ulong> _ackIds = [];
    private readonly Queue<ulong> _ackOrder = new();

    public async Task RunAsync(CancellationToken stopping)
    {
        var writing = connection.RunWriterAsync();
        var reading = ReadLoopAsync();
        using (stopping.Register(() => connection.Close(WebSocketCloseStatus.EndpointUnavailable, "The server is stopping; reconnect shortly.")))
        {
            if (await Task.WhenAny(reading, writing) == reading)
            {
                connection.Close(WebSocketCloseStatus.NormalClosure, "");
            }
            try
            {
                // Whichever side ended first, the other gets a few seconds to finish the close handshake.
                await Task.WhenAll(reading, writing).WaitAsync(CloseTimeout, clock);
            }
            catch (TimeoutException)
            {
                connection.Abort();
                await Task.WhenAll(reading, writing);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                buffer.Advance(result.Count);
                if (buffer.WrittenCount > MaxRequestBytes)
                {
                    connection.Close(WebSocketCloseStatus.MessageTooBig, $"Requests are limited to {MaxRequestBytes} bytes.");
                    return;
                }
                if (!result.EndOfMessage)
                {
                    continue;
                }
                // A simple WebSocket client's frames would be upstream events; Cairn has no event handler, so they are dropped.
                if (connection.UsesSubprotocol && Handle(result.MessageType, buffer.WrittenSpan) is { } decline)
                {
                    connection.Close(WebSocketCloseStatus.InvalidPayloadData, decline);
                    return;
                }
                buffer.ResetWrittenCount();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client vanished or the socket was aborted; the session closes it.
        }
    }

    // Answers one request; returns why the connection is declined, or null.
    private string? Handle(WebSocketMessageType type, ReadOnlySpan<byte> frame)
    {
        if (type != WebSocketMessageType.Text || ClientRequest.Parse(frame) is not { } request)
        {
            return "Each frame must be a JSON request of the json.webpubsub.azure.v1 subprotocol.";
        }
        switch (request.Type)
        {
            case "ping":
                connection.TryEnqueue(PulseFrames.Pong);
                return null;
            case "joinGroup" or "leaveGroup" when request.Group is not null:
                Acknowledge(request, () => JoinOrLeave(request));
                return null;
            case "sendToGroup" when request.Group is not null && request.HasData:
                Acknowledge(request, () => ("Forbidden",
                    "Cairn clients only receive: publish through the REST API (e.g. POST /api/v1/sessions/{id}/contribute), where what you share is stored and checked."));
                return null;
            case "event" when request.Event is not null:
                // The service forwards events to upstream handlers; Cairn registers none, so the event is accepted and dropped.
                Acknowledge(request, () => null);
                return null;
            case "sequenceAck" when request.SequenceId is { } sequenceId:
                // Nothing is replayed after a drop (docs/pulse.md), but an ack of a frame never sent is a broken client.
                return !connection.Reliable || connection.Acknowledge(sequenceId)
                    ? null
                    : $"sequenceAck {sequenceId} acknowledges a message that was never sent on this connection.";
            default:
                return $"'{request.Type}' is not a request of json.webpubsub.azure.v1, or it lacks a required field.";
        }
    }

    private (string Name, string Message)? JoinOrLeave(ClientRequest request)
    {
        if (!PulseGroups.IsJoinable(request.Group))
        {
            return ("Forbidden", $"'{request.Group}' cannot be joined: {PulseGroups.Rule}");
        }
        if (request.Type == "joinGroup")
        {
            if (connection.Groups.Count >= maxGroups && !connection.Groups.ContainsKey(request.Group))
            {
                return ("Forbidden", $"A connection may be in at most {maxGroups} groups; leave one first.");
            }
            hub.Join(connection, request.Group);
        }
        else
        {
            hub.Leave(connection, request.Group);
        }
        return null;
    }

    // Runs the request once per ack id (a repeat is a Duplicate) and acks it when it carries an ack id.
    private void Acknowledge(ClientRequest request, Func<(string Name, string Message)?> run)
    {
        if (request.AckId is not { } ackId)
        {
            run();
            return;
        }
        if (!Remember(ackId))
        {
            connection.TryEnqueue(PulseFrames.AckError(ackId, "Duplicate", $"A request with ackId {ackId} was already processed."));
            return;
        }
        var error = run();
        connection.TryEnqueue(error is { } e ? PulseFrames.AckError(ackId, e.Name, e.Message) : PulseFrames.Ack(ackId));
    }

    private bool Remember(ulong ackId)
    {
        if (!_ackIds.Add(ackId))
        {
            return false;
        }
        _ackOrder.Enqueue(ackId);
        if (_ackOrder.Count > RememberedAckIds)
        {
            _ackIds.Remove(_ackOrder.Dequeue());
        }
        return true;
    }

    // The fields of a client request this hub reads; null when the frame is not a JSON object with a string type.
    private sealed record ClientRequest(string Type, string? Group, string? Event, ulong? AckId, bool HasData, ulong? SequenceId)
    {
        private static readonly JsonDocumentOptions FrameOptions = new() { AllowDuplicateProperties = false };

        public static ClientRequest? Parse(ReadOnlySpan<byte> frame)
        {
            try
            {
                // A frame naming a field twice is refused like any request body that does (Errors/DuplicateKeys).
                using var document = JsonDocument.Parse(frame.ToArray(), FrameOptions);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || String(root, "type") is not { } type)
                {
                    return null;
                }
                if (!TryUInt64(root, "ackId", out var ackId) || !TryUInt64(root, "sequenceId", out var sequenceId))
                {
                    return null;
                }
                return new ClientRequest(type, String(root, "group"), String(root, "event"), ackId, root.TryGetProperty("data", out _), sequenceId);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        // False when the field is there but not an unsigned 64-bit number; a missing field is null.
        private static bool TryUInt64(JsonElement root, string name, out ulong? value)
        {
            value = null;
            if (!root.TryGetProperty(name, out var element))
            {
                return true;
            }
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetUInt64(out var number))
            {
                return false;
            }
            value = number;
            return true;
        }

        private static string? String(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
