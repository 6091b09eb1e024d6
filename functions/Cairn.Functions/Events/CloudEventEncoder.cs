using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Cairn.Serialization;
using Microsoft.Extensions.Options;

namespace Cairn.Events;

/// <summary>Turns a <see cref="CairnEvent"/> into CloudEvents 1.0 structured JSON (the CNCF SDK's formatter), once, for every target.</summary>
public sealed class CloudEventEncoder(IOptions<EventsOptions> options, TimeProvider clock)
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    private static readonly JsonEventFormatter Formatter = new(CairnJson.Options, new JsonDocumentOptions());

    public string Encode(CairnEvent e)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = e.Id,
            Type = e.Type,
            Source = new Uri(options.Value.Source, UriKind.RelativeOrAbsolute),
            Subject = e.Subject,
            Time = clock.GetUtcNow(),
            DataContentType = "application/json",
            Data = JsonSerializer.SerializeToElement(e.Data, CairnJson.Options),
        };
        return System.Text.Encoding.UTF8.GetString(Formatter.EncodeStructuredModeMessage(cloudEvent, out _).Span);
    }
}
