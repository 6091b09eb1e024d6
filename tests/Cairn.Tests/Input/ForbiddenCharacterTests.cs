using System.Net;
using System.Text;
using Cairn.Errors;
using Cairn.Tests.Support;

namespace Cairn.Tests.Input;

// NUL, other C0 controls and lone surrogates are refused with 422 naming the field, wherever they arrive, before
// anything is written.
public sealed class ForbiddenCharacterTests(AppFixture fixture)
{
    private async Task<HttpClient> ClientAsync() => fixture.App.Client((await fixture.App.RegisterAsync()).Key);

    private static async Task<int> SessionCountAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK))["sessions"]!.AsArray().Count;

    [Theory]
    [InlineData("""{"topic": "before\u0000after"}""", "topic", TextRules.ControlRule)]
    [InlineData("""{"topic": "bell \u0007"}""", "topic", TextRules.ControlRule)]
    [InlineData("""{"topic": "ok", "domain": "\ud800"}""", "domain", TextRules.SurrogateRule)]
    [InlineData("""{"topic": "ok", "tools_used": ["git", "\udc00x"]}""", "tools_used[1]", TextRules.SurrogateRule)]
    public async Task ASessionWithAForbiddenCharacterIsRefusedNamingTheFieldAndNothingIsWritten(string body, string field, string rule)
    {
        var client = await ClientAsync();

        var problem = await (await client.PostRawAsync("/api/v1/sessions", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([rule], problem.FieldErrors(field));
        Assert.Equal(0, await SessionCountAsync(client));
    }

    [Fact]
    public async Task AForbiddenCharacterDeepInAnEntryLeavesTheSessionUntouched()
    {
        var client = await ClientAsync();
        var session = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Entries with NULs" })).JsonAsync(HttpStatusCode.Created);
        var id = session["session"].Str("id");

        var problem = await (await client.PostRawAsync($"/api/v1/sessions/{id}/entries",
            """{"entry_type": "gotcha", "content": {"warning": "fine", "context": "bad \u0000 byte"}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.ControlRule], problem.FieldErrors("content.context"));
        var after = await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int?)after["entry_count"]);
        Assert.Empty(after["entries"]!.AsArray());
    }

    // Prose: a topic is a label, one line of visible text (InvisibleCharacterTests).
    [Fact]
    public async Task TabsNewlinesAndAstralCharactersAreKept()
    {
        var client = await ClientAsync();
        const string warning = "tab\there\r\nnext line 😀 é";
        var id = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "astral 😀 é" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");

        var entry = await (await client.PostJsonAsync($"/api/v1/sessions/{id}/entries", new { entry_type = "gotcha", content = new { warning } })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(warning, (string?)entry["content"]!["warning"]);
    }

    [Fact]
    public async Task AForbiddenCharacterInAQueryValueIsRefusedNamingTheParameter()
    {
        var client = await ClientAsync();

        var problem = await (await client.GetAsync("/api/v1/experiences?domain=a%00b")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.ControlRule], problem.FieldErrors("domain"));
    }

    [Fact]
    public async Task AForbiddenCharacterInASearchFilterIsRefused()
    {
        var client = await ClientAsync();

        var problem = await (await client.PostRawAsync("/api/v1/experiences/search", """{"query": "deploy", "domain": "x\u001fy"}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.ControlRule], problem.FieldErrors("domain"));
    }

    [Fact]
    public async Task AForbiddenCharacterInARouteValueIsRefused()
    {
        var client = await ClientAsync();

        var problem = await (await client.GetAsync("/api/v1/experiences/ab%01cdefg")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.ControlRule], problem.FieldErrors("identifier"));
    }

    [Fact]
    public async Task AnEscapedNulInAPropertyNameIsRefused()
    {
        var client = await ClientAsync();

        var problem = await (await client.PostRawAsync("/api/v1/engrams", """{"statement": "x", "x_\u0000": 1}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.ControlRule], problem.FieldErrors("x_\0"));
    }

    [Fact]
    public async Task AnEngramDateBeforeTheFirstUtcInstantIsRefused()
    {
        var client = await ClientAsync();

        var problem = await (await client.PostRawAsync("/api/v1/engrams",
            """{"statement": "Dates have limits.", "scope": "global", "type": "behavioral", "temporal": {"valid_from": "0001-01-01T00:00:00+14:00"}}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("0001-01-01", problem.FieldErrors("temporal.valid_from").Single());
        var list = await (await client.GetAsync("/api/v1/engrams")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(list["engrams"]!.AsArray());
    }

    [Fact]
    public async Task AnEngramPackWithANulIsRefusedNamingTheEngram()
    {
        var client = await ClientAsync();
        const string yaml = "engrams:\n  - statement: \"ok\"\n  - statement: \"bad \\0 byte\"\n";

        var response = await client.PostAsync("/api/v1/engrams/import", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([TextRules.ControlRule], problem.FieldErrors("engrams[1].statement"));
    }
}
