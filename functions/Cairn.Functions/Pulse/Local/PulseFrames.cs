using System.Buffers;
using System.Text.Json;

namespace Cairn.Pulse.Local;

// The server-to-client frames of Web PubSub's json.webpubsub.azure.v1 subprotocol, written byte for byte as the service
// writes them (camelCase, unlike Cairn's snake_case API), so one client works against either backend.
internal static class PulseFrames
{
    public const string Subprotocol = "json.webpubsub.azure.v1";

    // The reliable variant the Web PubSub client SDKs ask for by default: data frames carry a sequenceId.
    public const string ReliableSubprotocol = "json.reliable.webpubsub.azure.v1";

    // What this hub speaks; a client offering only other subprotocols is refused before the upgrade.
    public static readonly IReadOnlyList<string> Supported = [ReliableSubprotocol, Subprotocol];

    public static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();

    // The first frame; reliable connections also get the reconnectionToken their client keeps for recovery.
    public static byte[] Connected(string userId, string connectionId, string? reconnectionToken = null) => Write(json =>
    {
        json.WriteString("type", "system");
        json.WriteString("event", "connected");
        json.WriteString("userId", userId);
        json.WriteString("connectionId", connectionId);
        if (reconnectionToken is not null)
        {
            json.WriteString("reconnectionToken", reconnectionToken);
        }
    });

    public static byte[] Disconnected(string message) => Write(json =>
    {
        json.WriteString("type", "system");
        json.WriteString("event", "disconnected");
        json.WriteString("message", message);
    });

    // What the service delivers for a REST send with Content-Type: application/json, whatever the target.
    public static byte[] ServerMessage(ReadOnlySpan<byte> utf8JsonData, ulong? sequenceId = null)
    {
        var buffer = new ArrayBufferWriter<byte>(utf8JsonData.Length + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "message");
            json.WriteString("from", "server");
            if (sequenceId is { } sequence)
            {
                json.WriteNumber("sequenceId", sequence);
            }
            json.WriteString("dataType", "json");
            json.WritePropertyName("data");
            json.WriteRawValue(utf8JsonData, skipInputValidation: true);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Ack(ulong ackId) => Write(json =>
    {
        json.WriteString("type", "ack");
        json.WriteNumber("ackId", ackId);
        json.WriteBoolean("success", true);
    });

    // A failed ack; name is one of the protocol's error names: Forbidden, InternalServerError, Duplicate.
    public static byte[] AckError(ulong ackId, string name, string message) => Write(json =>
    {
        json.WriteString("type", "ack");
        json.WriteNumber("ackId", ackId);
        json.WriteBoolean("success", false);
        json.WriteStartObject("error");
        json.WriteString("name", name);
        json.WriteString("message", message);
        json.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
