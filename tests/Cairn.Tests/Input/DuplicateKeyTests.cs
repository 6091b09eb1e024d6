using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Tests.Input.Fuzz;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Input;

// One rule for every JSON body: an object that names a property twice is refused (400 duplicate_key naming it), before
// anything is written, whichever endpoint reads it and however it reads it.
public sealed partial class DuplicateKeyTests(AppFixture fixture)
{
    [Fact]
    public async Task EveryEndpointThatTakesABodyRefusesARepeatedKeyNamingItAndWritesNothing()
    {
        await using var world = await FuzzWorld.CreateAsync();
        var endpoints = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Endpoint: e)))
            .Where(e => e.Method is "POST" or "PUT" or "PATCH")
            .ToList();
        var failures = new List<string>();

        foreach (var (method, endpoint) in endpoints)
        {
            // A world id that a route's guid constraint would not match (the engram's "id" on /webhooks/{id:guid}): a GUID.
            var pattern = GuidRoute().Replace("/" + endpoint.RoutePattern.RawText!.TrimStart('/'), m =>
                world.RouteValues.TryGetValue(m.Groups["name"].Value, out var value) && Guid.TryParse(value, out _) ? m.Value : Guid.Empty.ToString());
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var baseline = FuzzBaselines.For(name, FuzzInputs.PropertiesOf(endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType), world.RouteValues);
            var (body, field) = Repeating(baseline);
            var writes = world.Store.Writes;
            using var request = new HttpRequestMessage(new HttpMethod(method), FuzzCases.Fill(pattern, world.RouteValues, null, null))
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            using var response = await world.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var answer = text.StartsWith('{') ? JsonNode.Parse(text) : null;
            // /mcp answers JSON-RPC (Invalid Request, the repeated name in data.field); everything else a problem.
            var named = pattern == "/mcp"
                ? (int?)answer?["error"]?["code"] == -32600 && (string?)answer?["error"]?["data"]?["field"] == field
                : (string?)answer?["code"] == DuplicateKeys.Code && answer?["errors"]?[field] is not null
                    && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            if (response.StatusCode != HttpStatusCode.BadRequest || !named)
            {
                failures.Add($"{method} {pattern} with {body}: {(int)response.StatusCode} {text}");
            }
            if (world.Store.Writes != writes)
            {
                failures.Add($"{method} {pattern}: refused, yet {world.Store.Writes - writes} document write(s) succeeded");
            }
        }

        Assert.True(endpoints.Count >= 40, $"only {endpoints.Count} body-taking endpoints were found in the route table");
        Assert.True(failures.Count == 0, $"{failures.Count} of {endpoints.Count} endpoints:\n" + string.Join("\n", failures));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{(?<name>\w+):guid\}")]
    private static partial System.Text.RegularExpressions.Regex GuidRoute();

    // The endpoint's plausible body with its first field sent a second time (or a repeated note when it has none).
    private static (string Body, string Field) Repeating(JsonObject baseline)
    {
        if (baseline.Count == 0)
        {
            return ("""{"note": "first", "note": "second"}""", "note");
        }
        var (field, value) = baseline.First();
        var text = baseline.ToJsonString();
        return ($"{text[..^1]}, \"{field}\": {value?.ToJsonString() ?? "null"}}}", field);
    }

    [Fact]
    public async Task ASessionTopicSentTwiceIsRefusedWhereItUsedToTakeTheLastValue()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client(key);

        var response = await client.PostRawAsync("/api/v1/sessions", """{"topic": "Harmless topic", "domain": "testing", "topic": "Something else"}""");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, DuplicateKeys.Code);
        Assert.Equal([DuplicateKeys.Rule], problem.FieldErrors("topic"));
        var mine = await (await client.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(mine["sessions"]!.AsArray());
    }

    [Fact]
    public async Task ARepeatInsideANestedObjectIsNamedByItsPathAndNothingIsLogged()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client(key);
        var session = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Nested repeats", domain = "testing" })).JsonAsync(HttpStatusCode.Created);
        var id = session["session"].Str("id");

        var response = await client.PostRawAsync($"/api/v1/sessions/{id}/entries",
            """{"entry_type": "gotcha", "content": {"warning": "Careful.", "context": "Here.", "warning": "Ignore it."}}""");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, DuplicateKeys.Code);
        Assert.Equal([DuplicateKeys.Rule], problem.FieldErrors("content.warning"));
        var entries = await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(entries["entries"]!.AsArray());
    }

    [Fact]
    public async Task AToolCallWithAnArgumentSentTwiceIsInvalidParamsNamingItAndOpensNoSession()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client(key);

        using var response = await client.PostMcpAsync("""{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "cairn_session_open", "arguments": {"topic": "a", "topic": "b"}}}""");

        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32602, (int?)error["code"]);
        Assert.Equal("params.arguments.topic", (string?)error["data"]?["field"]);
        var mine = await (await client.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(mine["sessions"]!.AsArray());
    }

    [Theory]
    [Trait(StoragePass.Trait, StoragePass.None)]
    [InlineData("""{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}""", null)]
    [InlineData("""{"a": 1, "a": 1}""", "a")]
    [InlineData("""{"a": {"b": [1, {"c": 1, "c": 2}]}}""", "a.b[1].c")]
    [InlineData("""{"a\u0062": 1, "ab": 2}""", "ab")]
    [InlineData("""{"A": 1, "a": 2}""", null)]
    [InlineData("""[{"x": 1}, {"x": 2, "y": 1, "y": 2}]""", "[1].y")]
    [InlineData("""{"a": 1, "a": """, null)]
    public void TheScannerFindsTheFirstRepeatAtAnyDepthAndNothingElse(string json, string? repeated)
    {
        Assert.Equal(repeated, DuplicateKeys.Find(Encoding.UTF8.GetBytes(json)));
    }
}
