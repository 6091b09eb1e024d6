using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cairn.Tests.Support;

// Raw MCP over Streamable HTTP, one JSON-RPC message per POST, so tests see exactly what goes over the wire.
public static class Mcp
{
    public static Task<HttpResponseMessage> PostMcpAsync(this HttpClient client, object message, string accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = JsonContent(message) };
        request.Headers.Accept.ParseAdd(accept);
        return client.SendAsync(request);
    }

    // Sends a request and returns its JSON-RPC response, read from the SSE stream the server answers with.
    public static async Task<JsonObject> RpcAsync(this HttpClient client, string method, object? parameters = null)
    {
        var id = Random.Shared.Next(1, int.MaxValue);
        using var response = await client.PostMcpAsync(new { jsonrpc = "2.0", id, method, @params = parameters });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /mcp {method}: {(int)response.StatusCode} {text}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var message = Events(text).Single(e => (int?)e["id"] == id);
        return message;
    }

    // Calls a tool; returns the result (content, structuredContent, isError), failing on a protocol error.
    public static async Task<JsonObject> CallToolAsync(this HttpClient client, string tool, object? arguments = null)
    {
        var response = await client.RpcAsync("tools/call", new { name = tool, arguments = arguments ?? new { } });
        Assert.True(response["result"] is JsonObject, $"{tool}: {response.ToJsonString()}");
        return response["result"]!.AsObject();
    }

    // A tool call that must succeed: its structured content.
    public static async Task<JsonObject> ToolAsync(this HttpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True((bool?)result["isError"] != true, $"{tool} failed: {result.ToJsonString()}");
        return result["structuredContent"]!.AsObject();
    }

    // A tool call that must fail as a tool error: its problem (status, code, detail, errors), checked against its text.
    public static async Task<JsonObject> ToolErrorAsync(this HttpClient client, string tool, object? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True((bool?)result["isError"] == true, $"{tool} should have failed: {result.ToJsonString()}");
        var problem = result["structuredContent"]!.AsObject();
        Assert.Equal((string?)problem["detail"], (string?)result["content"]![0]!["text"]);
        return problem;
    }

    public static IReadOnlyList<JsonObject> Events(string sse) =>
        sse.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line["data: ".Length..])!.AsObject()).ToList();

    private static readonly System.Text.Json.JsonSerializerOptions WithoutNulls =
        new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static ByteArrayContent JsonContent(object message)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(message as string ?? System.Text.Json.JsonSerializer.Serialize(message, WithoutNulls)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
