using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// A client written for plugged.in works unchanged: its DELETE body, its source values and its thirteen MCP tools.
public sealed class PluggedInDropInTests(AppFixture fixture)
{
    public static readonly string[] ToolNames =
    [
        "pluggedin_memory_session_start", "pluggedin_memory_observe", "pluggedin_memory_search", "pluggedin_memory_details",
        "pluggedin_memory_session_end", "pluggedin_cbp_query", "pluggedin_cbp_feedback", "pluggedin_clipboard_set",
        "pluggedin_clipboard_get", "pluggedin_clipboard_delete", "pluggedin_clipboard_list", "pluggedin_clipboard_push", "pluggedin_clipboard_pop",
    ];

    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task DeletingAClipboardEntryTakesAJsonBodyAsWellAsTheQuery()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "by-body", value = "1" })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "by-query", value = "2" })).JsonAsync(HttpStatusCode.Created);

        using var byBody = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/clipboard")
        {
            Content = new StringContent("{\"name\": \"by-body\"}", Encoding.UTF8, "application/json"),
        });
        using var byQuery = await client.DeleteAsync("/api/v1/clipboard?name=by-query");
        using var both = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/clipboard?name=x")
        {
            Content = new StringContent("{\"name\": \"x\"}", Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.NoContent, byBody.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byQuery.StatusCode);
        await both.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var listed = await (await client.GetAsync("/api/v1/clipboard")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(listed["entries"]!.AsArray());
    }

    [Fact]
    public async Task SourceIsSdkOverHttpAndMcpOverMcpAsPluggedInDocumentsThem()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);

        var http = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "from-http", value = "1" })).JsonAsync(HttpStatusCode.Created);
        var mcp = await client.ToolAsync("pluggedin_clipboard_set", new { name = "from-mcp", value = "2" });

        Assert.Equal("sdk", http.Str("source"));
        Assert.Equal("mcp", mcp.Str("source"));
    }

    [Fact]
    public async Task ToolsetsPluggedinListsExactlyTheThirteenPluggedInToolsAndTheDefaultListsNoneOfThem()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);

        var pluggedIn = await ListedAsync(client, "?toolsets=pluggedin");
        var byDefault = await ListedAsync(client, "");
        var all = await ListedAsync(client, "?toolsets=all");
        using var unknown = await ListRawAsync(client, "?toolsets=plurum");
        var error = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!;

        Assert.Equal(ToolNames.Order(StringComparer.Ordinal), pluggedIn);
        Assert.DoesNotContain(byDefault, n => n.StartsWith("pluggedin_", StringComparison.Ordinal));
        Assert.Equal(byDefault.Count + 13, all.Count);
        Assert.Equal(-32602, (int)error["error"]!["code"]!);
        Assert.Contains("pluggedin", error["error"].Str("message"));
    }

    private static async Task<List<string>> ListedAsync(HttpClient client, string query)
    {
        using var response = await ListRawAsync(client, query);
        var message = Support.Mcp.Events(await response.Content.ReadAsStringAsync()).Single();
        return [.. message["result"]!["tools"]!.AsArray().Select(t => t.Str("name"))];
    }

    private static Task<HttpResponseMessage> ListRawAsync(HttpClient client, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/mcp{query}")
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return client.SendAsync(request);
    }

    [Fact]
    public async Task ThePluggedInClipboardToolsTakeItsCamelCaseArguments()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);

        var set = await client.ToolAsync("pluggedin_clipboard_set", new { name = "last_search_results", value = "{\"q\":1}", contentType = "application/json", ttlSeconds = 3600, createdByTool = "search" });
        var got = await client.ToolAsync("pluggedin_clipboard_get", new { name = "last_search_results" });
        await client.ToolAsync("pluggedin_clipboard_push", new { value = "step 1" });
        await client.ToolAsync("pluggedin_clipboard_push", new { value = "step 2", contentType = "text/markdown" });
        var popped = await client.ToolAsync("pluggedin_clipboard_pop");
        var jsonOnly = await client.ToolAsync("pluggedin_clipboard_list", new { contentType = "application/json" });
        var secondPage = await client.ToolAsync("pluggedin_clipboard_get", new { limit = 1, offset = 1 });
        var cleared = await client.ToolAsync("pluggedin_clipboard_delete", new { clearAll = true });
        var empty = await client.ToolAsync("pluggedin_clipboard_list");

        Assert.Equal("application/json", set.Str("content_type"));
        Assert.Equal("search", set.Str("created_by_tool"));
        Assert.Equal("{\"q\":1}", got.Str("value"));
        Assert.Equal("step 2", popped.Str("value"));
        Assert.Equal("last_search_results", Assert.Single(jsonOnly["entries"]!.AsArray())!.Str("name"));
        Assert.Single(secondPage["entries"]!.AsArray());
        Assert.False((bool)secondPage["has_more"]!);
        Assert.Equal(2, (int)cleared["count"]!);
        Assert.Empty(empty["entries"]!.AsArray());
    }

    [Fact]
    public async Task ThePluggedInMemoryToolsRunASessionFromStartToZReport()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var marker = Words.Marker();

        var session = await client.ToolAsync("pluggedin_memory_session_start", new { content_session_id = "conversation-42" });
        var observed = await client.ToolAsync("pluggedin_memory_observe",
            new { session_uuid = session.Str("id"), type = "user_preference", content = $"The user prefers {marker} tabs over spaces in Go files" });
        var found = await client.ToolAsync("pluggedin_memory_search", new { query = $"{marker} tabs" });
        var details = await client.ToolAsync("pluggedin_memory_details", new { memory_uuids = new[] { observed.Str("id") } });
        var ended = await client.ToolAsync("pluggedin_memory_session_end", new { memory_session_id = session.Str("id") });
        var practices = await client.ToolAsync("pluggedin_cbp_query", new { query = "tabs in Go" });
        var unknownPattern = await client.ToolErrorAsync("pluggedin_cbp_feedback", new { pattern_uuid = new string('a', 64), feedback_type = "helpful" });

        Assert.Equal("conversation-42", session.Str("title"));
        Assert.Equal("preference", details["results"]![0]!["details"].Str("type")); // plugged.in's user_preference is Cairn's preference
        Assert.Contains(found["results"]!.AsArray(), r => r.Str("id") == observed.Str("id"));
        Assert.Contains(marker, details["results"]![0].Str("content_full"));
        Assert.Equal("ended", ended.Str("status"));
        Assert.NotNull(ended["z_report"]);
        Assert.NotNull(practices["results"]);
        Assert.Equal(404, (int)unknownPattern["status"]!);
    }
}
