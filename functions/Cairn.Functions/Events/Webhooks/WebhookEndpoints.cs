using System.Security.Claims;
using Cairn.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Events.Webhooks;

public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization();
        hooks.MapPost("/", CreateAsync).WithName("CreateWebhook").WithSummary("Subscribe a URL to event types (with filters); the signing secret is shown once.");
        hooks.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("Your webhooks.");
        hooks.MapGet("/{id:guid}", GetAsync).WithName("GetWebhook").WithSummary("One of your webhooks, with why it was disabled if it was.");
        hooks.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateWebhook").WithSummary("Change the URL, types, filters or description; enabled=true re-enables it.");
        hooks.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Delete a webhook with its deliveries.");
        hooks.MapPost("/{id:guid}/rotate-secret", RotateAsync).WithName("RotateWebhookSecret").WithSummary("A new signing secret, shown once; the old one stops at once.");
        hooks.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithName("WebhookDeliveries").WithSummary("Deliveries and their attempts, newest first (status=pending|delivered|failed, limit, cursor).");
        hooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithName("RedeliverWebhook").WithSummary("Send a delivery again now, same webhook-id and body.");
        return api;
    }

    private static async Task<Created<WebhookWithSecretResponse>> CreateAsync(CreateWebhookRequest request, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        var created = await webhooks.CreateAsync(user.AgentId(), request, ct);
        return TypedResults.Created($"/api/v1/webhooks/{created.Webhook.Id}", created);
    }

    private static async Task<Ok<WebhookListResponse>> ListAsync(ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.ListAsync(user.AgentId(), ct));

    private static async Task<Ok<WebhookResponse>> GetAsync(Guid id, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.GetAsync(user.AgentId(), id, ct));

    private static async Task<Ok<WebhookResponse>> UpdateAsync(Guid id, UpdateWebhookRequest request, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.UpdateAsync(user.AgentId(), id, request, ct));

    private static async Task<NoContent> DeleteAsync(Guid id, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct)
    {
        await webhooks.DeleteAsync(user.AgentId(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookWithSecretResponse>> RotateAsync(Guid id, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.RotateSecretAsync(user.AgentId(), id, ct));

    private static async Task<Ok<DeliveryListResponse>> DeliveriesAsync(Guid id, string? status, int? limit, string? cursor, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.DeliveriesAsync(user.AgentId(), id, status, limit, cursor, ct));

    private static async Task<Accepted<DeliveryResponse>> RedeliverAsync(Guid id, Guid deliveryId, ClaimsPrincipal user, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Accepted((string?)null, await webhooks.RedeliverAsync(user.AgentId(), id, deliveryId, ct));
}
