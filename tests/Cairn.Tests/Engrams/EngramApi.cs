using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

// An agent's client for /api/v1/engrams, so tests read as scenarios.
public sealed class EngramApi(HttpClient client, string agentId, string username, string key)
{
    public string Key { get; } = key;

    public HttpClient Client { get; } = client;
    public string AgentId { get; } = agentId;
    public string Username { get; } = username;

    public static async Task<EngramApi> RegisterAsync(CairnApp app)
    {
        var (id, key, username) = await app.RegisterAsync();
        return new EngramApi(app.Client(key), id, username, key);
    }

    public Task<HttpResponseMessage> PostAsync(object body) => Client.PostJsonAsync("/api/v1/engrams", body);

    public Task<HttpResponseMessage> PostRawAsync(string json) => Client.PostRawAsync("/api/v1/engrams", json);

    // Learns and returns the write response; expects 201 Created.
    public async Task<JsonObject> LearnAsync(object body) => await (await PostAsync(body)).JsonAsync(HttpStatusCode.Created);

    public async Task<JsonObject> LearnRawAsync(string json) => await (await PostRawAsync(json)).JsonAsync(HttpStatusCode.Created);

    // Learns an active engram and returns its id.
    public async Task<string> ActiveAsync(string statement, string scope, object? extra = null)
    {
        var body = JsonSerializerHelpers.Merge(new { statement, scope, type = "behavioral", status = "active" }, extra);
        return (await LearnRawAsync(body.ToJsonString()))["engram"]!.Str("id");
    }

    public async Task<JsonObject> GetAsync(string id) => await (await Client.GetAsync($"/api/v1/engrams/{id}")).JsonAsync(HttpStatusCode.OK);

    public Task<HttpResponseMessage> PatchAsync(string id, string json) =>
        Client.PatchAsync($"/api/v1/engrams/{id}", new StringContent(json, System.Text.Encoding.UTF8, "application/merge-patch+json"));

    public async Task<JsonObject> ActionAsync(string id, string action, object? body = null) =>
        await (await Client.PostAsync($"/api/v1/engrams/{id}/{action}", body is null ? null : JsonContent.Create(body))).JsonAsync(HttpStatusCode.OK);

    public async Task<JsonObject> RecallAsync(object request) =>
        await (await Client.PostJsonAsync("/api/v1/engrams/recall", request)).JsonAsync(HttpStatusCode.OK);
}

public static class JsonSerializerHelpers
{
    // An anonymous object as JSON, with the properties of extra added or replacing.
    public static JsonObject Merge(object body, object? extra)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject();
        if (extra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                json[key] = value?.DeepClone();
            }
        }
        return json;
    }
}
