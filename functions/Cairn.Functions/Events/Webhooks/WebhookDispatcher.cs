using Cairn.Events.EventGrid;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Events.Webhooks;

/// <summary>
/// Sends due deliveries: claims each with a short lease (so two dispatchers, the in-app loop and the timer function,
/// never send one at the same moment; a crash mid-send only delays it to the lease's end: at least once), tries it,
/// and records the attempt, the next try on <see cref="RetrySchedule"/>, or the dead letter. Also keeps each
/// subscription's health: failing without a success for <see cref="WebhookOptions.DisableAfter"/> disables it.
/// </summary>
public sealed class WebhookDispatcher(
    IDocumentStore store, DocumentMutator mutator, WebhookSender sender, EventGridPublisher eventGrid, IOptions<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookDispatcher> logger)
{
    public const int BatchSize = 50;
    public const int Parallelism = 8;

    /// <summary>Handles one batch of due deliveries (sent, or given up on); returns how many were due (a full batch means more may be).</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.QueryAsync<WebhookDelivery>(new DocumentQuery(Containers.WebhookDeliveries)
        {
            Filters = [Filter.Eq(WebhookDelivery.Fields.Kind, WebhookDelivery.DocumentKind), Filter.Eq(WebhookDelivery.Fields.Status, DeliveryStatus.Pending),
                Filter.Compare(WebhookDelivery.Fields.NextAttemptAt, ComparisonOperator.LessThanOrEqual, clock.GetUtcNow())],
            OrderBy = WebhookDelivery.Fields.NextAttemptAt, Limit = BatchSize,
        }, cancellationToken);
        await Parallel.ForEachAsync(due.Items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, ct) => await TryAsync(item, ct));
        return due.Items.Count;
    }

    private async Task<bool> TryAsync(Document<WebhookDelivery> item, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lease = now + options.Value.Timeout + TimeSpan.FromSeconds(30);
        Document<WebhookDelivery> claimed;
        try
        {
            claimed = await store.ReplaceAsync(Containers.WebhookDeliveries, item.PartitionKey, item.Id, item.Body with { NextAttemptAt = lease }, item.ETag, null, cancellationToken);
        }
        catch (StorageException e) when (e is DocumentPreconditionFailedException or DocumentNotFoundException)
        {
            return false; // another dispatcher took it, or its subscription was deleted
        }

        var delivery = claimed.Body;
        WebhookSubscription? subscription = null;
        DeliveryAttempt attempt;
        if (delivery.SubscriptionId == EventPublisher.EventGridTarget)
        {
            attempt = await eventGrid.SendAsync(delivery.Payload, cancellationToken);
        }
        else
        {
            subscription = (await store.ReadAsync<WebhookSubscription>(Containers.Webhooks, delivery.OwnerId.ToString()!, delivery.SubscriptionId, cancellationToken))?.Body;
            if (subscription is null || !subscription.Enabled)
            {
                await FinishAsync(claimed, delivery with { Status = DeliveryStatus.Failed, FinishedAt = now, NextAttemptAt = null,
                    LastError = subscription is null ? "The subscription was deleted." : $"The subscription is disabled: {subscription.DisabledReason}" }, cancellationToken);
                return false;
            }
            attempt = await sender.SendAsync(subscription, delivery, cancellationToken);
        }

        var succeeded = attempt.StatusCode is >= 200 and < 300;
        var done = clock.GetUtcNow();
        var next = delivery.WithAttempt(attempt);
        next = succeeded
            ? next with { Status = DeliveryStatus.Delivered, FinishedAt = done, NextAttemptAt = null, LastError = null }
            : RetrySchedule.Next(next.AttemptCount, next.FirstAttemptAt!.Value, done) is { } retryAt && attempt.StatusCode != 410
                ? next with { NextAttemptAt = retryAt, LastError = Describe(attempt) }
                : next with { Status = DeliveryStatus.Failed, FinishedAt = done, NextAttemptAt = null, LastError = Describe(attempt) };
        await FinishAsync(claimed, next, cancellationToken);
        if (subscription is not null)
        {
            await RecordHealthAsync(subscription, succeeded, attempt, done, cancellationToken);
        }
        if (next.Status == DeliveryStatus.Failed)
        {
            logger.LogWarning("Webhook delivery {Delivery} of event {Event} to {Target} gave up after {Attempts} attempt(s): {Error}",
                delivery.Id, delivery.EventId, delivery.SubscriptionId, next.AttemptCount, next.LastError);
        }
        return true;
    }

    private async Task FinishAsync(Document<WebhookDelivery> claimed, WebhookDelivery next, CancellationToken cancellationToken)
    {
        try
        {
            await store.ReplaceAsync(Containers.WebhookDeliveries, claimed.PartitionKey, claimed.Id, next, claimed.ETag, null, cancellationToken);
        }
        catch (StorageException e) when (e is DocumentPreconditionFailedException or DocumentNotFoundException)
        {
            // A redelivery was asked for meanwhile (it wins: the delivery is pending again), or the subscription was deleted.
        }
    }

    private async Task RecordHealthAsync(WebhookSubscription subscription, bool succeeded, DeliveryAttempt attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (succeeded && subscription.FailingSince is null)
        {
            return; // the common case: healthy and still healthy, no write
        }
        await mutator.MutateAsync<WebhookSubscription>(Containers.Webhooks, subscription.OwnerId.ToString(), subscription.Id.ToString(), current =>
        {
            if (current is null || !current.Body.Enabled)
            {
                return null;
            }
            var s = current.Body;
            if (succeeded)
            {
                return s.FailingSince is null ? null : s with { FailingSince = null };
            }
            var since = s.FailingSince ?? attempt.At;
            if (attempt.StatusCode == 410)
            {
                return s with { Enabled = false, FailingSince = since, UpdatedAt = now, DisabledReason = $"The receiver answered 410 Gone at {now:O}." };
            }
            if (now - since >= options.Value.DisableAfter)
            {
                return s with { Enabled = false, FailingSince = since, UpdatedAt = now,
                    DisabledReason = $"Every delivery failed from {since:O} to {now:O} (last: {Describe(attempt)}). Fix the receiver, then PATCH enabled=true." };
            }
            return s.FailingSince is null ? s with { FailingSince = since } : null;
        }, cancellationToken);
    }

    private static string Describe(DeliveryAttempt attempt) =>
        attempt.StatusCode is { } status ? $"HTTP {status}" : attempt.Error ?? "no answer";
}
