using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Mcp;

// Toolsets (?toolsets=), output schemas, the skill guide as a resource, and prompts.
public sealed class McpCapabilityTests(AppFixture fixture)
{
    private static readonly string[] AllToolsets = ["clipboard", "engrams", "experiences", "inbox", "memory", "pluggedin", "sessions"];

    [Fact]
    public async Task EveryToolNamesItsToolsetAndWithoutToolsetsEveryToolButThePluggedInAliasesIsListed()
    {
        using var client = await ClientAsync();

        var tools = await ListAsync(client, "/mcp");

        Assert.Equal(AllToolsets.Where(t => t != "pluggedin"), tools.Select(t => (string)t["_meta"]!["cairn/toolset"]!).Distinct().Order());
        Assert.Equal(tools.Count + 13, (await ListAsync(client, "/mcp?toolsets=all")).Count);
    }

    [Fact]
    public async Task ToolsetsListsOnlyTheToolsOfTheNamedGroups()
    {
        using var client = await ClientAsync();

        var tools = await ListAsync(client, "/mcp?toolsets=sessions,inbox");

        Assert.NotEmpty(tools);
        Assert.All(tools, t => Assert.Contains((string)t["_meta"]!["cairn/toolset"]!, new[] { "sessions", "inbox" }));
        Assert.Contains(tools, t => (string?)t["name"] == "cairn_session_open");
        Assert.Contains(tools, t => (string?)t["name"] == "cairn_inbox_check");
    }

    [Fact]
    public async Task ACallToAToolOutsideTheSelectedToolsetsIsAProtocolErrorNamingItsToolset()
    {
        using var client = await ClientAsync();

        var response = await RpcAsync(client, "/mcp?toolsets=inbox", "tools/call", new { name = "cairn_session_open", arguments = new { topic = "x" } });

        Assert.Equal(-32602, (int?)response["error"]!["code"]);
        Assert.Contains("toolset 'sessions'", (string?)response["error"]!["message"]);
    }

    [Fact]
    public async Task AnUnknownToolsetIsRefusedWith400NamingTheKnownOnes()
    {
        using var client = await ClientAsync();

        using var response = await PostAsync(client, "/mcp?toolsets=sessions,sesions", "tools/list", null);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32602, (int?)body["error"]!["code"]);
        Assert.Contains("'sesions'", (string?)body["error"]!["message"]);
        Assert.Contains(string.Join(", ", AllToolsets), (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task ToolsWithAnObjectResultDeclareAnOutputSchemaTheirStructuredContentMatches()
    {
        using var client = await ClientAsync();
        var tools = await ListAsync(client, "/mcp");

        var open = tools.Single(t => (string?)t["name"] == "cairn_session_open");
        var result = await client.ToolAsync("cairn_session_open", new { topic = "Output schemas are honest" });

        var without = tools.Where(t => t["outputSchema"] is not JsonObject).Select(t => (string?)t["name"]).ToList();
        Assert.True(without.Count == 0, $"without an output schema: {string.Join(", ", without)}");
        Assert.Equal("object", (string?)open["outputSchema"]!["type"]);
        var (success, problem) = (open["outputSchema"]!["anyOf"]![0]!, open["outputSchema"]!["anyOf"]![1]!);
        Assert.Equal(success["properties"]!.AsObject().Select(p => p.Key).Order(), result.Select(p => p.Key).Order());
        Assert.Equal(["code", "detail", "status"], problem["required"]!.AsArray().Select(r => (string)r!).Order());
    }

    [Fact]
    public async Task TheSkillGuideIsAResourceWithThisDeploymentsUrls()
    {
        using var client = await ClientAsync();

        var list = (await client.RpcAsync("resources/list"))["result"]!["resources"]!.AsArray();
        var read = (await client.RpcAsync("resources/read", new { uri = "cairn://skill.md" }))["result"]!["contents"]![0]!;
        var missing = await client.RpcAsync("resources/read", new { uri = "cairn://nothing.md" });

        Assert.Equal("cairn://skill.md", (string?)Assert.Single(list)!["uri"]);
        Assert.Equal("text/markdown", (string?)read["mimeType"]);
        Assert.Contains($"{client.BaseAddress!.ToString().TrimEnd('/')}/mcp", (string?)read["text"]);
        Assert.Contains("cairn_session_open", (string?)read["text"]);
        Assert.Equal(-32002, (int?)missing["error"]!["code"]);
    }

    [Fact]
    public async Task PromptsListsTheStartTaskPromptAndItNeedsATask()
    {
        using var client = await ClientAsync();

        var prompts = (await client.RpcAsync("prompts/list"))["result"]!["prompts"]!.AsArray();
        var prompt = (await client.RpcAsync("prompts/get", new { name = "cairn_start_task", arguments = new { task = "Rotate TLS certificates" } }))["result"]!;
        var withoutTask = await client.RpcAsync("prompts/get", new { name = "cairn_start_task", arguments = new { } });

        Assert.Equal("cairn_start_task", (string?)Assert.Single(prompts)!["name"]);
        Assert.Contains("Rotate TLS certificates", (string?)prompt["messages"]![0]!["content"]!["text"]);
        Assert.Contains("cairn_experience_search", (string?)prompt["messages"]![0]!["content"]!["text"]);
        Assert.Equal(-32602, (int?)withoutTask["error"]!["code"]);
    }

    private async Task<HttpClient> ClientAsync()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        return fixture.App.Client(key);
    }

    private static async Task<List<JsonObject>> ListAsync(HttpClient client, string path) =>
        [.. (await RpcAsync(client, path, "tools/list", null))["result"]!["tools"]!.AsArray().Select(t => t!.AsObject())];

    private static async Task<JsonObject> RpcAsync(HttpClient client, string path, string method, object? parameters)
    {
        using var response = await PostAsync(client, path, method, parameters);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} {method}: {(int)response.StatusCode} {text}");
        return Support.Mcp.Events(text).Single();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string method, object? parameters)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method, @params = parameters ?? new { } });
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return client.SendAsync(request);
    }
}
