using System.Text.Json;
using Cairn.Serialization;

namespace Cairn.Pulse;

/// <summary>
/// One pushed event, shaped like an inbox event (<c>id</c>, <c>event_type</c>, <c>event_data</c>, <c>created_at</c>) so
/// a client parses pushes and inbox entries alike. It travels as the <c>data</c> of a Web PubSub message frame.
/// </summary>
public sealed record PulseMessage(Guid Id, string EventType, JsonElement EventData, DateTimeOffset CreatedAt)
{
    public static PulseMessage Create<T>(Guid id, string eventType, T eventData, DateTimeOffset createdAt) =>
        new(id, eventType, JsonSerializer.SerializeToElement(eventData, CairnJson.Options), createdAt);

    /// <summary>The wire form (snake_case JSON, UTF-8), serialised once per publish and shared by every connection.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, CairnJson.Options);
}
