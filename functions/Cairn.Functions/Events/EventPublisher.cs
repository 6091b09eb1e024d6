using System.Security.Cryptography;
using System.Text;
using Cairn.Events.Webhooks;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Events;

/// <summary>
/// The outbox: features publish an event where it happens, and it is written, one delivery per matching subscription
/// (and one for Event Grid when the event is public), before the request answers. Delivery ids derive from the event
/// and the target, so a retried request queues nothing twice. The dispatcher sends them (at least once).
/// </summary>
public sealed class EventPublisher(IDocumentStore store, CloudEventEncoder encoder, DispatchSignal signal, IOptions<EventGridOptions> eventGrid, TimeProvider clock)
{
    /// <summary>The partition of Event Grid's deliveries (it is a target like a subscription, owned by the deployment).</summary>
    public const string EventGridTarget = "eventgrid";

    private const int PageSize = 200;

    public async Task PublishAsync(CairnEvent e, CancellationToken cancellationToken)
    {
        var targets = new List<(string Target, Guid? Owner)>();
        await foreach (var subscription in SubscribersAsync(e, cancellationToken))
        {
            targets.Add((subscription.Id.ToString(), subscription.OwnerId));
        }
        // Event Grid belongs to whoever runs Cairn, not to an agent: only what every agent may see goes there.
        if (eventGrid.Value.Enabled && e.Audience.IsPublic)
        {
            targets.Add((EventGridTarget, null));
        }
        if (targets.Count == 0)
        {
            return;
        }
        var payload = encoder.Encode(e);
        var now = clock.GetUtcNow();
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (target, ct) =>
        {
            var delivery = new WebhookDelivery(DeliveryId(e.Id, target.Target), target.Target, target.Owner, e.Id, e.Type, payload,
                DeliveryStatus.Pending, 0, now, now, null, null, null, []);
            try
            {
                await store.CreateAsync(Containers.WebhookDeliveries, target.Target, delivery.Id.ToString(), delivery, null, ct);
            }
            catch (DocumentConflictException)
            {
                // Queued by an earlier attempt of the same request.
            }
        });
        signal.Notify();
    }

    /// <summary>Enabled subscriptions to the event's type whose owner may see it and whose filters match.</summary>
    private async IAsyncEnumerable<WebhookSubscription> SubscribersAsync(CairnEvent e, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<WebhookSubscription>(new DocumentQuery(Containers.Webhooks)
            {
                // A private event can only concern its owner: one partition instead of all.
                PartitionKey = e.Audience.OnlyAgent?.ToString(),
                Filters = [Filter.Eq(WebhookSubscription.Fields.Kind, WebhookSubscription.DocumentKind), Filter.Eq(WebhookSubscription.Fields.Enabled, true), Filter.Contains(WebhookSubscription.Fields.Types, e.Type)],
                Limit = PageSize, ContinuationToken = continuation,
            }, cancellationToken);
            foreach (var item in page.Items.Where(i => i.Body.Matches(e)))
            {
                yield return item.Body;
            }
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    internal static Guid DeliveryId(string eventId, string target)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId}|{target}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
