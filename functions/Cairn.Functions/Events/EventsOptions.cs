using System.ComponentModel.DataAnnotations;

namespace Cairn.Events;

public sealed class EventsOptions : IValidatableObject
{
    public const string Section = "Cairn:Events";

    /// <summary>The CloudEvents <c>source</c> of every event this deployment emits (a URI reference).</summary>
    public string Source { get; set; } = "urn:cairn";

    /// <summary>How long an inbound event's <c>source</c> + <c>id</c> is remembered, so a repeat is answered without being applied again.</summary>
    public TimeSpan InboundDeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Source) || !Uri.TryCreate(Source, UriKind.RelativeOrAbsolute, out _))
        {
            yield return new ValidationResult($"{Section}:Source must be a URI reference (e.g. urn:cairn or https://cairn.example.com).");
        }
        if (InboundDeduplicationWindow < TimeSpan.FromMinutes(1) || InboundDeduplicationWindow > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult($"{Section}:InboundDeduplicationWindow must be between 00:01:00 and 30.00:00:00 (default 1.00:00:00).");
        }
    }
}

/// <summary>An Event Grid custom topic (CloudEvents 1.0 input schema) that receives every public event; off when no endpoint is set.</summary>
public sealed class EventGridOptions : IValidatableObject
{
    public const string Section = "Cairn:Events:EventGrid";

    /// <summary>The topic's endpoint, e.g. https://&lt;topic&gt;.&lt;region&gt;-1.eventgrid.azure.net/api/events.</summary>
    public string? Endpoint { get; set; }

    /// <summary>An access key; leave empty in Azure to publish as the app's managed identity (EventGrid Data Sender role).</summary>
    public string? Key { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Endpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"{Section}:Endpoint must be the topic's https endpoint (e.g. https://<topic>.<region>-1.eventgrid.azure.net/api/events).");
        }
    }
}
