using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Memory;

// The memory endpoints as short calls, so tests read as scenarios.
public static class MemoryApi
{
    public static async Task<string> StartSessionAsync(this HttpClient client, string? title = null) =>
        (await (await client.PostJsonAsync("/api/v1/memory/sessions", new { title })).JsonAsync(HttpStatusCode.Created)).Str("id");

    public static async Task<JsonObject> ObserveAsync(this HttpClient client, string sessionId, string content, string? type = null, string? outcome = null, string? toolName = null) =>
        await (await client.PostJsonAsync("/api/v1/memory/observe", new { session_id = sessionId, content, type, outcome, tool_name = toolName })).JsonAsync(HttpStatusCode.Created);

    public static async Task<JsonObject> EndSessionAsync(this HttpClient client, string sessionId, object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
        body["status"] = "ended";
        return await (await client.PutAsync($"/api/v1/memory/sessions/{sessionId}", JsonContent.Create(body))).JsonAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonObject> SearchMemoryAsync(this HttpClient client, object request) =>
        await (await client.PostJsonAsync("/api/v1/memory/search", request)).JsonAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> MemoryAsync(this HttpClient client, string id) =>
        await (await client.GetAsync($"/api/v1/memory/{id}")).JsonAsync(HttpStatusCode.OK);

    // Runs a job now through the admin endpoint; the app must have AdminKey configured.
    public static async Task<JsonObject> RunJobAsync(this CairnApp app, string job)
    {
        using var admin = app.Client();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        var run = await (await admin.PostAsync($"/api/v1/admin/jobs/{job}/run", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("succeeded", run.Str("status"));
        return run;
    }

    public const string AdminKey = "memory-admin-key-0123456789abcdefghijklmnop";

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Cairn:Admin:ApiKey"] = AdminKey };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    public static IEnumerable<JsonNode> Results(this JsonObject response) => response["results"]!.AsArray().Select(r => r!);

    // A stored document as the documents port holds it (PostgreSQL or Cosmos DB alike), read behind the API's back.
    public static async Task<JsonObject?> StoredAsync(this CairnApp app, string container, string partitionKey, string id) =>
        (await app.Services.GetRequiredService<IDocumentStore>().ReadAsync<JsonObject>(container, partitionKey, id, CancellationToken.None))?.Body;

    public static async Task WriteStoredAsync(this CairnApp app, string container, string partitionKey, string id, JsonObject body) =>
        await app.Services.GetRequiredService<IDocumentStore>().UpsertAsync(container, partitionKey, id, body, null, CancellationToken.None);

    // Every document of a container (across partitions), with its partition key and id.
    public static async Task<IReadOnlyList<Document<JsonObject>>> AllStoredAsync(this CairnApp app, string container, string? partitionKey = null)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var all = new List<Document<JsonObject>>();
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<JsonObject>(new DocumentQuery(container) { PartitionKey = partitionKey, Limit = 1000, ContinuationToken = continuation }, CancellationToken.None);
            all.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return all;
    }
}
