using Cairn.Errors;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Events.Webhooks;

/// <summary>An agent's webhook subscriptions and their deliveries; every look-up is in the caller's own partition.</summary>
public sealed class WebhookService(
    IDocumentStore store, DocumentMutator mutator, DispatchSignal signal, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<WebhookWithSecretResponse> CreateAsync(Guid agentId, CreateWebhookRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator();
        WebhookRules.CheckFields(v, request.Url, request.Types, request.Filters, request.Description, creating: true);
        v.ThrowIfInvalid();
        await WebhookRules.CheckUrlAsync(request.Url!, options.Value.AllowPrivateNetworks, cancellationToken);
        var count = await store.CountAsync(new DocumentQuery(Containers.Webhooks) { PartitionKey = agentId.ToString(), Filters = [Filter.Eq(WebhookSubscription.Fields.Kind, WebhookSubscription.DocumentKind)] }, cancellationToken);
        if (count >= options.Value.MaxSubscriptionsPerAgent)
        {
            throw new ConflictException("too_many_webhooks", $"An agent may have at most {options.Value.MaxSubscriptionsPerAgent} webhooks; delete one first.");
        }
        var now = clock.GetUtcNow();
        var id = Guid.NewGuid();
        var secret = WebhookRules.NewSecret();
        var subscription = new WebhookSubscription(id, agentId, request.Url!, request.Description, request.Types!.Distinct().ToList(),
            Normalize(request.Filters), null, secrets.Seal(secret, agentId, id), true, null, null, now, now);
        await store.CreateAsync(Containers.Webhooks, agentId.ToString(), subscription.Id.ToString(), subscription, null, cancellationToken);
        return WithSecret(subscription, secret, "Keep the secret: it is shown only now. Verify each delivery's webhook-signature with it (Standard Webhooks).");
    }

    public async Task<WebhookListResponse> ListAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var page = await store.QueryAsync<WebhookSubscription>(new DocumentQuery(Containers.Webhooks)
        {
            PartitionKey = agentId.ToString(), Filters = [Filter.Eq(WebhookSubscription.Fields.Kind, WebhookSubscription.DocumentKind)], OrderBy = WebhookSubscription.Fields.CreatedAt, Limit = options.Value.MaxSubscriptionsPerAgent,
        }, cancellationToken);
        return new WebhookListResponse(page.Items.Select(i => WebhookResponse.From(i.Body)).ToList());
    }

    public async Task<WebhookResponse> GetAsync(Guid agentId, Guid id, CancellationToken cancellationToken) =>
        WebhookResponse.From((await FindAsync(agentId, id, cancellationToken)).Body);

    public async Task<WebhookResponse> UpdateAsync(Guid agentId, Guid id, UpdateWebhookRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator();
        WebhookRules.CheckFields(v, request.Url, request.Types, request.Filters, request.Description, creating: false);
        v.ThrowIfInvalid();
        if (request.Url is not null)
        {
            await WebhookRules.CheckUrlAsync(request.Url, options.Value.AllowPrivateNetworks, cancellationToken);
        }
        await FindAsync(agentId, id, cancellationToken);
        var now = clock.GetUtcNow();
        var updated = await mutator.MutateAsync<WebhookSubscription>(Containers.Webhooks, agentId.ToString(), id.ToString(), current => current is null ? null : current.Body with
        {
            Url = request.Url ?? current.Body.Url,
            Types = request.Types?.Distinct().ToList() ?? current.Body.Types,
            Filters = request.Filters is null ? current.Body.Filters : Normalize(request.Filters),
            Description = request.Description ?? current.Body.Description,
            Enabled = request.Enabled ?? current.Body.Enabled,
            // Re-enabling starts the health record afresh; disabling by hand says so.
            DisabledReason = request.Enabled switch { true => null, false => "Disabled by its owner.", null => current.Body.DisabledReason },
            FailingSince = request.Enabled == true ? null : current.Body.FailingSince,
            UpdatedAt = now,
        }, cancellationToken);
        return WebhookResponse.From((updated ?? throw new NotFoundException($"Webhook {id}")).Body);
    }

    public async Task<WebhookWithSecretResponse> RotateSecretAsync(Guid agentId, Guid id, CancellationToken cancellationToken)
    {
        await FindAsync(agentId, id, cancellationToken);
        var secret = WebhookRules.NewSecret();
        var sealedSecret = secrets.Seal(secret, agentId, id);
        // A plain secret from before sealing is dropped here: the row holds only the sealed one from now on.
        var updated = await mutator.MutateAsync<WebhookSubscription>(Containers.Webhooks, agentId.ToString(), id.ToString(),
            current => current is null ? null : current.Body with { Secret = null, SealedSecret = sealedSecret, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        return WithSecret((updated ?? throw new NotFoundException($"Webhook {id}")).Body, secret, "The old secret stopped signing now; deliveries from here on use this one.");
    }

    /// <summary>Deletes the subscription, then its queued and past deliveries (a retried delete finishes the purge).</summary>
    public async Task DeleteAsync(Guid agentId, Guid id, CancellationToken cancellationToken)
    {
        var existed = await store.DeleteAsync(Containers.Webhooks, agentId.ToString(), id.ToString(), null, cancellationToken);
        var purged = await store.DeleteAllAsync(Containers.WebhookDeliveries, id.ToString(), cancellationToken);
        if (!existed && purged == 0)
        {
            throw new NotFoundException($"Webhook {id}");
        }
    }

    public async Task<DeliveryListResponse> DeliveriesAsync(Guid agentId, Guid id, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        new Validator().OneOf("status", status, DeliveryStatus.All).Range("limit", limit, 1, MaxPageSize).ThrowIfInvalid();
        await FindAsync(agentId, id, cancellationToken);
        List<Filter> filters = [Filter.Eq(WebhookDelivery.Fields.Kind, WebhookDelivery.DocumentKind)];
        if (status is not null)
        {
            filters.Add(Filter.Eq(WebhookDelivery.Fields.Status, status));
        }
        var page = await store.QueryAsync<WebhookDelivery>(new DocumentQuery(Containers.WebhookDeliveries)
        {
            PartitionKey = id.ToString(), Filters = filters, OrderBy = WebhookDelivery.Fields.CreatedAt, Descending = true, Limit = limit ?? 50, ContinuationToken = cursor,
        }, cancellationToken);
        return new DeliveryListResponse(page.Items.Select(i => DeliveryResponse.From(i.Body)).ToList(), page.ContinuationToken);
    }

    /// <summary>Queues a delivery again, now, with the same event id and body; its retry window starts afresh.</summary>
    public async Task<DeliveryResponse> RedeliverAsync(Guid agentId, Guid id, Guid deliveryId, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(agentId, id, cancellationToken);
        if (!subscription.Body.Enabled)
        {
            throw new ConflictException("webhook_disabled", $"Webhook {id} is disabled ({subscription.Body.DisabledReason}); PATCH enabled=true first.");
        }
        var now = clock.GetUtcNow();
        var updated = await mutator.MutateAsync<WebhookDelivery>(Containers.WebhookDeliveries, id.ToString(), deliveryId.ToString(), current => current is null ? null : current.Body with
        {
            Status = DeliveryStatus.Pending, NextAttemptAt = now, FirstAttemptAt = null, FinishedAt = null,
        }, cancellationToken) ?? throw new NotFoundException($"Delivery {deliveryId}");
        signal.Notify();
        return DeliveryResponse.From(updated.Body);
    }

    private async Task<Document<WebhookSubscription>> FindAsync(Guid agentId, Guid id, CancellationToken cancellationToken) =>
        await store.ReadAsync<WebhookSubscription>(Containers.Webhooks, agentId.ToString(), id.ToString(), cancellationToken)
            ?? throw new NotFoundException($"Webhook {id}");

    private static WebhookFilters Normalize(WebhookFilters? filters) =>
        filters is null ? new WebhookFilters() : filters with
        {
            // NFC, as sessions and experiences store their domain and tools (ContentLimits), so the two spellings match.
            Domain = filters.Domain is null ? null : UnicodeForms.ToNfc(filters.Domain.Trim()),
            Tools = filters.Tools is { Count: > 0 } tools ? tools.Select(t => UnicodeForms.ToNfc(t.Trim())).Distinct(StringComparer.OrdinalIgnoreCase).ToList() : null,
        };

    private static WebhookWithSecretResponse WithSecret(WebhookSubscription s, string secret, string message) => new(WebhookResponse.From(s), secret, message);
}
