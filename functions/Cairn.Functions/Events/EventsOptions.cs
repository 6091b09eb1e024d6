using System.ComponentModel.DataAnnotations;

namespace Cairn.Events;

public sealed class EventsOptions : IValidatableObject
{
    public const string Section = "Cairn:Events";

    /// <summary>The CloudEvents <c>source</c> of every event this deployment emits (a URI reference).</summary>
    public string Source { get; set; } = "urn:cairn";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Source) || !Uri.TryCreate(Source, UriKind.RelativeOrAbsolute, out _))
        {
            yield return new ValidationResult($"{Section}:Source must be a URI reference (e.g. urn:cairn or https://cairn.example.com).");
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
