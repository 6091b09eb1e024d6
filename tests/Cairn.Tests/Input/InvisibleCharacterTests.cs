using System.Net;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Tests.Support;

namespace Cairn.Tests.Input;

// Names, topics, titles, tags, domains and scopes are what other agents see as who or what something is: invisible
// formatting characters there ("Trojan Source" bidirectional overrides, zero-width spaces, a BOM) let one entry display
// as another, so they are refused naming the field. Free prose keeps every character.
public sealed class InvisibleCharacterTests(AppFixture fixture)
{
    private async Task<HttpClient> ClientAsync() => fixture.App.Client((await fixture.App.RegisterAsync()).Key);

    private static async Task<int> CountAsync(HttpClient client, string path, string list) =>
        (await (await client.GetAsync(path)).JsonAsync(HttpStatusCode.OK))[list]!.AsArray().Count;

    [Theory]
    [InlineData("""{"topic": "Fix login \u202Eredaolnwod\u202C"}""", "topic")]
    [InlineData("""{"topic": "admin \u2066notes\u2069"}""", "topic")]
    [InlineData("""{"topic": "dep\u200Bloy"}""", "topic")]
    [InlineData("""{"topic": "deploy\u200Fnow"}""", "topic")]
    [InlineData("""{"topic": "a\u200Db"}""", "topic")]
    [InlineData("""{"topic": "x\uFEFFy"}""", "topic")]
    [InlineData("""{"topic": "soft\u00ADhyphen"}""", "topic")]
    [InlineData("""{"topic": "two\nlines"}""", "topic")]
    [InlineData("""{"topic": "next\u0085line"}""", "topic")]
    [InlineData("""{"topic": "ok", "domain": "infra\u2028structure"}""", "domain")]
    [InlineData("""{"topic": "ok", "tools_used": ["git", "ku\u200Bbectl"]}""", "tools_used[1]")]
    public async Task AnInvisibleCharacterInASessionLabelIsRefusedNamingTheFieldAndNothingIsWritten(string body, string field)
    {
        var client = await ClientAsync();

        var problem = await (await client.PostRawAsync("/api/v1/sessions", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([LabelText.Rule], problem.FieldErrors(field));
        Assert.Equal(0, await CountAsync(client, "/api/v1/sessions", "sessions"));
    }

    [Theory]
    [InlineData("/api/v1/workspaces", """{"name": "Team \u202Eevil"}""", "name", "workspaces")]
    [InlineData("/api/v1/memory/sessions", """{"title": "Debug\u2060ging"}""", "title", null)]
    [InlineData("/api/v1/experiences", """{"goal": "Rotate \u202Dkeys"}""", "goal", null)]
    [InlineData("/api/v1/engrams", """{"statement": "Pin versions.", "scope": "project:\u202Eevil", "type": "behavioral"}""", "scope", "engrams")]
    [InlineData("/api/v1/engrams", """{"statement": "Pin versions.", "scope": "global", "type": "behavioral", "tags": ["ok", "se\u200Bcurity"]}""", "tags[1]", "engrams")]
    [InlineData("/api/v1/engrams", """{"statement": "Pin versions.", "scope": "global", "type": "behavioral", "domain": "\uFEFFops"}""", "domain", "engrams")]
    public async Task AnInvisibleCharacterInAnotherLabelIsRefusedNamingTheField(string path, string body, string field, string? list)
    {
        var client = await ClientAsync();

        var problem = await (await client.PostRawAsync(path, body)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains(problem.FieldErrors(field), rule => rule.Contains(LabelText.Rule, StringComparison.Ordinal));
        if (list is not null)
        {
            Assert.Equal(0, await CountAsync(client, path, list));
        }
    }

    [Fact]
    public async Task ARegistrationWhoseNameOverridesItsDirectionIsRefusedAndTheUsernameStaysFree()
    {
        using var client = fixture.App.Client();
        var username = $"spoof-{Guid.NewGuid().ToString("N")[..12]}";

        var problem = await (await client.PostRawAsync("/api/v1/agents/register", $$"""{"name": "Support \u202Etoba", "username": "{{username}}"}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([LabelText.Rule], problem.FieldErrors("name"));
        await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Support bot", username })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AnEditThatHidesACharacterInTheTopicLeavesTheSessionAsItWas()
    {
        var client = await ClientAsync();
        var id = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Deploy safely" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");

        var problem = await (await client.PatchAsync($"/api/v1/sessions/{id}", new StringContent("""{"topic": "Deploy \u202Esafely"}""", System.Text.Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([LabelText.Rule], problem.FieldErrors("topic"));
        Assert.Equal("Deploy safely", (await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync(HttpStatusCode.OK)).Str("topic"));
    }

    [Fact]
    public async Task AnMcpToolCallWithAnOverrideInTheTopicIsAToolErrorNamingTheField()
    {
        var client = await ClientAsync();

        var problem = await client.ToolErrorAsync("cairn_session_open", new { topic = "Deploy \u202Esafely" });

        Assert.Equal("validation_failed", (string?)problem["code"]);
        Assert.Equal([LabelText.Rule], problem.FieldErrors("topic"));
        Assert.Equal(0, await CountAsync(client, "/api/v1/sessions", "sessions"));
    }

    [Fact]
    public async Task ScriptsAndEmojiThatNeedJoinersAreKeptInLabels()
    {
        var client = await ClientAsync();
        // Persian needs the zero-width non-joiner, emoji sequences the zero-width joiner and tag characters.
        const string topic = "می\u200Cخواهم 👩\u200D💻 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F עברית";

        var created = await (await client.PostJsonAsync("/api/v1/sessions", new { topic, tools_used = new[] { "git" } })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(topic, created["session"].Str("topic"));
    }

    [Fact]
    public async Task ProseKeepsBidirectionalControlsAndZeroWidthCharactersExactly()
    {
        var client = await ClientAsync();
        var id = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Prose keeps its characters" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");
        const string warning = "In Hebrew UI strings \u202Bשלום\u202C keep their \u2067isolates\u2069, zero\u200Bwidth and \uFEFF marks\ttoo,\r\nacross lines.";

        var entry = await (await client.PostJsonAsync($"/api/v1/sessions/{id}/entries", new { entry_type = "gotcha", content = new { warning } })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(warning, (string?)entry["content"]!["warning"]);
    }

    [Fact]
    public async Task AnEngramStatementKeepsItsCharactersWhileItsTagsAreLabels()
    {
        var client = await ClientAsync();
        var body = new JsonObject { ["statement"] = "Use \u2066RTL\u2069 isolates around user names.", ["scope"] = "global", ["type"] = "behavioral", ["tags"] = new JsonArray("i18n", "فارسی") };

        var learned = await (await client.PostRawAsync("/api/v1/engrams", body.ToJsonString())).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("Use \u2066RTL\u2069 isolates around user names.", learned["engram"].Str("statement"));
    }
}
