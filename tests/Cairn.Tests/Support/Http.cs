using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Tests.Support;

// Small helpers so tests read as scenarios: post JSON, read JSON, assert ProblemDetails.
public static class Http
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsync(path, JsonContent.Create(body));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    // Asserts an RFC 9457 problem with the given status and code; returns it for further checks.
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync(expected);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal((int)expected, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "A problem must say what to fix.");
        return problem;
    }

    // The messages a problem lists for one field (empty when the field is not named).
    public static IReadOnlyList<string> FieldErrors(this JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => (string)e!).ToList() ?? [];

    public static string Str(this JsonNode? node, string property) => (string?)node?[property] ?? throw new JsonException($"'{property}' is missing.");
}
