using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Messaging.EventGrid;
using Cairn.Events.Webhooks;
using Microsoft.Extensions.Options;

namespace Cairn.Events.EventGrid;

/// <summary>
/// Publishes the outbox's public events to an Event Grid custom topic (CloudEvents 1.0 input schema) with the SDK,
/// sending the exact JSON the webhooks get. A failure is an attempt like a webhook's, retried on the same schedule.
/// </summary>
public sealed class EventGridPublisher(IServiceProvider services, TimeProvider clock)
{
    private EventGridPublisherClient Client => services.GetService<EventGridPublisherClient>()
        ?? throw new InvalidOperationException("Event Grid deliveries were queued, but Cairn:Events:EventGrid:Endpoint is not set.");

    public async Task<DeliveryAttempt> SendAsync(string payload, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        try
        {
            // The topic takes a JSON array of CloudEvents.
            using var response = await Client.SendEncodedCloudEventsAsync(BinaryData.FromString($"[{payload}]").ToMemory(), cancellationToken);
            return new DeliveryAttempt(now, response.Status, null, null, watch.Elapsed.TotalMilliseconds);
        }
        catch (RequestFailedException e)
        {
            return new DeliveryAttempt(now, e.Status == 0 ? null : e.Status, e.Status == 0 ? e.Message : e.ErrorCode, null, watch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The production client: an access key when one is configured, otherwise the app's managed identity.</summary>
    public static EventGridPublisherClient CreateClient(EventGridOptions options, TokenCredential identity, EventGridPublisherClientOptions? clientOptions = null)
    {
        var endpoint = new Uri(options.Endpoint!);
        clientOptions ??= new EventGridPublisherClientOptions();
        return string.IsNullOrEmpty(options.Key)
            ? new EventGridPublisherClient(endpoint, identity, clientOptions)
            : new EventGridPublisherClient(endpoint, new AzureKeyCredential(options.Key), clientOptions);
    }
}
