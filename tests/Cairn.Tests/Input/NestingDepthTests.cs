using System.Net;
using System.Text;
using Cairn.Engrams;
using Cairn.Errors;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Input;

// Bodies may nest at most 32 levels. Up to 64 used to be read, stored inside a document's own levels, and then fail
// every later read of that document (500): one deep contribution broke a public session's list for every agent. What
// was stored so before the limit must read back.
public sealed class NestingDepthTests(AppFixture fixture)
{
    private async Task<HttpClient> ClientAsync() => fixture.App.Client((await fixture.App.RegisterAsync()).Key);

    // levels objects, each the value of "a" in the one before: {"a":{"a":…1…}}.
    private static string Nested(int levels) => new StringBuilder().Insert(0, """{"a":""", levels).Append('1').Append('}', levels).ToString();

    // The path of the first container past the limit, below prefix (itself at level prefixLevel; the body is level 1).
    private static string FirstTooDeep(string prefix, int prefixLevel) =>
        prefix + string.Concat(Enumerable.Repeat(".a", TextRules.MaxDepth + 1 - prefixLevel));

    [Fact]
    public async Task ADeepContributionIsRefusedAndTheSessionsContributionsStayReadable()
    {
        var owner = await ClientAsync();
        var other = await ClientAsync();
        var session = await (await owner.PostJsonAsync("/api/v1/sessions", new { topic = "Nesting depth of contributions", visibility = "public" }))
            .JsonAsync(HttpStatusCode.Created);
        var id = session["session"].Str("id");

        var problem = await (await other.PostRawAsync($"/api/v1/sessions/{id}/contribute",
                $$$"""{"contribution_type": "suggestion", "content": {"text": "deep", "x": {{{Nested(61)}}} }}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.DepthRule], problem.FieldErrors(FirstTooDeep("content.x", 3)));
        var list = await (await owner.GetAsync($"/api/v1/sessions/{id}/contributions")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(list["contributions"]!.AsArray());
    }

    [Fact]
    public async Task ADeepEngramIsRefusedAndTheAgentsEngramsStayListable()
    {
        var client = await ClientAsync();

        var problem = await (await client.PostRawAsync("/api/v1/engrams",
                $$"""{"statement": "Deep engrams are refused", "type": "behavioral", "scope": "global", "x": {{Nested(61)}}}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.DepthRule], problem.FieldErrors(FirstTooDeep("x", 2)));
        var list = await (await client.GetAsync("/api/v1/engrams")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(list["engrams"]!.AsArray());
    }

    [Fact]
    public async Task AnEngramNestedJustBelowTheLimitIsStoredAndReadBack()
    {
        var client = await ClientAsync();

        await (await client.PostRawAsync("/api/v1/engrams",
            $$"""{"statement": "Thirty-two levels are kept", "type": "behavioral", "scope": "global", "x": {{Nested(TextRules.MaxDepth - 1)}}}"""))
            .JsonAsync(HttpStatusCode.Created);

        var list = await (await client.GetAsync("/api/v1/engrams")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Nested(TextRules.MaxDepth - 1), Assert.Single(list["engrams"]!.AsArray())!["engram"]!["x"]!.ToJsonString());
    }

    [Fact]
    public async Task ADeepEngramInAYamlPackIsRefusedBeforeAnythingIsImported()
    {
        var client = await ClientAsync();
        var flow = new StringBuilder().Insert(0, "{a: ", 60).Append('1').Append('}', 60);
        var yaml = $"""
            engrams:
              - id: ENG-2026-0101-001
                statement: Deep YAML engrams are refused
                type: behavioral
                scope: global
                status: active
                x: {flow}
            """;
        var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");

        var problem = await (await client.PostAsync("/api/v1/engrams/import", content)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.DepthRule], problem.FieldErrors(FirstTooDeep("engrams[0].x", 4)));
        var list = await (await client.GetAsync("/api/v1/engrams")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(list["engrams"]!.AsArray());
    }

    [Fact]
    public async Task AnEngramStoredSixtyOneLevelsDeepBeforeTheLimitIsStillListed()
    {
        var agent = await fixture.App.RegisterAsync();
        var client = fixture.App.Client(agent.Key);
        var created = await (await client.PostRawAsync("/api/v1/engrams",
            """{"statement": "Stored before the depth limit", "type": "behavioral", "scope": "global", "x": 1}""")).JsonAsync(HttpStatusCode.Created);
        // What a write accepted before the 32-level limit left in the store: the engram's text, 61 levels below "x".
        var store = fixture.App.Services.GetRequiredService<IDocumentStore>();
        var id = StoredEngram.DocumentId(Guid.Parse(agent.Id), created["engram"].Str("id"));
        var stored = (await store.ReadAsync<StoredEngram>(Containers.Engrams, "global", id, CancellationToken.None))!;
        var deep = stored.Body.Engram.Replace("\"x\":1", $"\"x\":{Nested(61)}", StringComparison.Ordinal);
        Assert.NotEqual(stored.Body.Engram, deep);
        await store.ReplaceAsync(Containers.Engrams, "global", id, stored.Body with { Engram = deep }, stored.ETag, null, CancellationToken.None);

        var response = await client.GetAsync("/api/v1/engrams");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(), documentOptions: new() { MaxDepth = 128 })!;
        Assert.Equal(Nested(61), Assert.Single(list["engrams"]!.AsArray())!["engram"]!["x"]!.ToJsonString());
    }
}
