using System.Buffers;
using System.Text.Json;

namespace Cairn.Pulse.Local;

/// <summary>
/// The server-to-client frames of Web PubSub's <c>json.webpubsub.azure.v1</c> subprotocol, written byte for byte as
/// the service writes them (camelCase, unlike Cairn's snake_case API), so one client works against either backend.
/// </summary>
internal static class PulseFrames
{
    public const string Subprotocol = "json.webpubsub.azure.v1";

    /// <summary>The reliable variant the Web PubSub client SDKs ask for by default: data frames carry a <c>sequenceId</c>.</summary>
    public const string ReliableSubprotocol = "json.reliable.webpubsub.azure.v1";

    /// <summary>What this hub speaks; a client offering only other subprotocols is refused before the upgrade.</summary>
    public static readonly IReadOnlyList<string> Supported = [ReliableSubprotocol, Subprotocol];

    public static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();

    /// <summary>The first frame; reliable connections also get the <c>reconnectionToken</c> their client keeps for recovery.</summary>
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

    /// <summary>What the service delivers for a REST send with <c>Content-Type: application/json</c>, whatever the target.</summary>
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

    /// <summary>A failed ack; <paramref name="name"/> is one of the protocol's error names: Forbidden, InternalServerError, Duplicate.</summary>
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
