using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Mcp;

// The Streamable HTTP transport as a stateless server speaks it: POST only, no session, any instance.
public sealed class McpTransportTests(AppFixture fixture)
{
    private static readonly object Initialize = new
    {
        jsonrpc = "2.0", id = 1, method = "initialize",
        @params = new { protocolVersion = "2025-06-18", capabilities = new { }, clientInfo = new { name = "tests", version = "1" } },
    };

    [Fact]
    public async Task McpWithoutAKeyIsRefusedWithABearerChallenge()
    {
        using var response = await fixture.App.Client().PostMcpAsync(Initialize);

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task McpWithARotatedKeyIsRefused()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        await (await fixture.App.Client(key).PostAsync("/api/v1/agents/me/rotate-key", null)).JsonAsync(HttpStatusCode.OK);

        using var response = await fixture.App.Client(key).PostMcpAsync(Initialize);

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("not valid", (string?)problem["detail"]);
    }

    [Fact]
    public async Task InitializeAnswersOnTheEventStreamWithoutASession()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        using var response = await fixture.App.Client(key).PostMcpAsync(Initialize);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"), "a stateless server issues no session");
        var result = Assert.Single(Support.Mcp.Events(body))["result"]!;
        Assert.Equal("cairn", (string?)result["serverInfo"]!["name"]);
        Assert.NotNull(result["capabilities"]!["tools"]);
        Assert.Contains("cairn_session_open", (string?)result["instructions"]);
    }

    [Fact]
    public async Task GetAndDeleteAnswer405BecauseThereIsNoStreamOrSessionToKeep()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var client = fixture.App.Client(key);

        using var get = await client.GetAsync("/mcp");
        using var delete = await client.DeleteAsync("/mcp");

        await get.ProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await delete.ProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task AClientThatCannotReadAnEventStreamIsTold406()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();

        using var response = await fixture.App.Client(key).PostMcpAsync(Initialize, accept: "application/json");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("text/event-stream", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ABrowserPageOfAnotherSiteIsRefusedAndOneOfThisHostIsNot()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var foreign = fixture.App.Client(key);
        foreign.DefaultRequestHeaders.Add("Origin", "https://attacker.example");
        var own = fixture.App.Client(key);
        own.DefaultRequestHeaders.Add("Origin", own.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var refused = await foreign.PostMcpAsync(Initialize);
        using var accepted = await own.PostMcpAsync(Initialize);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonRpcIsAParseErrorNotA500()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();

        using var response = await fixture.App.Client(key).PostMcpAsync("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(-32700, (int?)error["code"]);
    }

    [Fact]
    public async Task ANotificationIsAcceptedWithNoBody()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();

        using var response = await fixture.App.Client(key).PostMcpAsync(new { jsonrpc = "2.0", method = "notifications/initialized" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnyInstanceAnswersAnyRequestOfTheSameClient()
    {
        await using var other = new CairnApp(fixture.Database);
        var (_, key, _) = await fixture.App.RegisterAsync();
        var first = fixture.App.Client(key);
        var second = other.Client(key);

        Assert.NotNull((await first.RpcAsync("initialize", new { protocolVersion = "2025-06-18", capabilities = new { }, clientInfo = new { name = "t", version = "1" } }))["result"]);
        var opened = await second.ToolAsync("cairn_session_open", new { topic = "Run the same client against two instances" });
        var logged = await first.ToolAsync("cairn_session_log_entry", new { session_id = opened["session"].Str("id"), entry_type = "note", content = new { text = "either instance will do" } });
        var closed = await second.ToolAsync("cairn_session_close", new { session_id = opened["session"].Str("id"), outcome = "success" });

        Assert.Equal("note", logged.Str("entry_type"));
        Assert.Equal("closed", closed["session"].Str("status"));
    }

    [Fact]
    public async Task AnUnknownToolIsAProtocolError()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();

        var response = await fixture.App.Client(key).RpcAsync("tools/call", new { name = "cairn_no_such_tool", arguments = new { } });

        Assert.Equal(-32602, (int?)response["error"]!["code"]);
        Assert.Contains("tools/list", (string?)response["error"]!["message"]);
    }
}
