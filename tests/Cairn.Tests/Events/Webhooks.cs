using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Events;

/// <summary>Scenario steps the webhook tests share: subscribe, open a session, read deliveries.</summary>
public static class Webhooks
{
    public static async Task<(string Id, string Secret)> SubscribeAsync(this CairnApp app, string key, Uri url, string[] types, object? filters = null)
    {
        var created = await (await app.Client(key).PostJsonAsync("/api/v1/webhooks", new { url, types, filters })).JsonAsync(HttpStatusCode.Created);
        return (created["webhook"].Str("id"), created.Str("secret"));
    }

    public static async Task<string> OpenSessionAsync(this CairnApp app, string key, string topic, string visibility = "public", string? domain = null, string[]? tools = null)
    {
        var opened = await (await app.Client(key).PostJsonAsync("/api/v1/sessions", new { topic, domain, tools_used = tools ?? [], visibility })).JsonAsync(HttpStatusCode.Created);
        return opened["session"].Str("id");
    }

    public static async Task<JsonArray> DeliveriesAsync(this CairnApp app, string key, string webhookId, string? status = null)
    {
        var path = $"/api/v1/webhooks/{webhookId}/deliveries" + (status is null ? "" : $"?status={status}");
        return (await (await app.Client(key).GetAsync(path)).JsonAsync(HttpStatusCode.OK))["deliveries"]!.AsArray();
    }

    public static async Task<JsonObject> WebhookAsync(this CairnApp app, string key, string webhookId) =>
        await (await app.Client(key).GetAsync($"/api/v1/webhooks/{webhookId}")).JsonAsync(HttpStatusCode.OK);
}
