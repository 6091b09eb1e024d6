using System.Net;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Tests.Support;

namespace Cairn.Tests.Input;

// tools/call params the SDK cannot bind, or holding forbidden characters, are Invalid params (-32602) naming the field.
public sealed class McpParamsTests(AppFixture fixture)
{
    private async Task<HttpClient> ClientAsync() => fixture.App.Client((await fixture.App.RegisterAsync()).Key);

    private static async Task<JsonObject> ErrorAsync(HttpClient client, string message)
    {
        using var response = await client.PostMcpAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        var reply = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(7, (int?)reply["id"]);
        return reply["error"]!.AsObject();
    }

    [Theory]
    [InlineData("""{"name": "cairn_session_open", "arguments": "topic=x"}""", "params.arguments")]
    [InlineData("""{"name": 42, "arguments": {}}""", "params.name")]
    [InlineData("""["cairn_session_open"]""", "params")]
    public async Task ParamsOfTheWrongShapeAreInvalidParamsNamingTheField(string parameters, string field)
    {
        var client = await ClientAsync();

        var error = await ErrorAsync(client, $$"""{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {{parameters}}}""");

        Assert.Equal(-32602, (int?)error["code"]);
        Assert.Equal(field, (string?)error["data"]?["field"]);
        Assert.StartsWith($"Invalid params: {field} must be", (string?)error["message"]);
    }

    [Theory]
    [InlineData("""{"topic": "a\u0000b"}""", "params.arguments.topic", TextRules.ControlRule)]
    [InlineData("""{"topic": "ok", "tools_used": ["\ud83d"]}""", "params.arguments.tools_used[0]", TextRules.SurrogateRule)]
    public async Task ForbiddenCharactersInArgumentsAreInvalidParamsAndNothingIsWritten(string arguments, string field, string rule)
    {
        var client = await ClientAsync();

        var error = await ErrorAsync(client, $$$"""{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "cairn_session_open", "arguments": {{{arguments}}} }}""");

        Assert.Equal(-32602, (int?)error["code"]);
        Assert.Equal(field, (string?)error["data"]?["field"]);
        Assert.Equal(rule, (string?)error["data"]?["rule"]);
        var sessions = await (await client.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(sessions["sessions"]!.AsArray());
    }
}
