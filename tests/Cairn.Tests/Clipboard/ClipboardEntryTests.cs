using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Clipboard;

public sealed class ClipboardEntryTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task SettingANewNameCreatesTheEntryWithEveryField()
    {
        var (ownerId, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var response = await client.PostJsonAsync("/api/v1/clipboard", new
        {
            name = "user_preferences",
            value = """{"theme":"dark","lang":"en"}""",
            content_type = "application/json",
            created_by_tool = "settings-tool",
            created_by_model = "gpt-test",
        });

        var entry = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("/api/v1/clipboard/entry?name=user_preferences", response.Headers.Location?.OriginalString);
        Assert.True(Guid.TryParse(entry.Str("uuid"), out _));
        Assert.Equal(ownerId, entry.Str("owner_id"));
        Assert.Equal("user_preferences", entry.Str("name"));
        Assert.Null(entry["idx"]);
        Assert.Equal("application/json", entry.Str("content_type"));
        Assert.Equal("utf-8", entry.Str("encoding"));
        Assert.Equal(28, (long)entry["size_bytes"]!);
        Assert.Equal("private", entry.Str("visibility"));
        Assert.Equal("settings-tool", entry.Str("created_by_tool"));
        Assert.Equal("gpt-test", entry.Str("created_by_model"));
        Assert.Equal("sdk", entry.Str("source"));
        var created = DateTimeOffset.Parse(entry.Str("created_at"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(created.AddHours(24), DateTimeOffset.Parse(entry.Str("expires_at"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AnEntryIsReadByNameWithEitherFormOfGet()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "greeting", value = "Hello, World!" })).JsonAsync(HttpStatusCode.Created);

        var byBody = await (await client.PostJsonAsync("/api/v1/clipboard/get", new { name = "greeting" })).JsonAsync(HttpStatusCode.OK);
        var byQuery = await (await client.GetAsync("/api/v1/clipboard/entry?name=greeting")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Hello, World!", byBody.Str("value"));
        Assert.Equal("text/plain", byBody.Str("content_type"));
        Assert.Equal(byBody.ToJsonString(), byQuery.ToJsonString());
    }

    [Fact]
    public async Task SettingAnExistingNameReplacesTheValueButKeepsItsIdentity()
    {
        var clock = new FakeClock();
        await using var app = new CairnApp(fixture.Database, clock: clock);
        var (_, key, _) = await app.RegisterAsync();
        using var client = app.Client(key);
        var first = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "draft", value = "v1", ttl_seconds = 600 })).JsonAsync(HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromMinutes(5));

        var second = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "draft", value = "version two", content_type = "text/markdown" }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.Str("uuid"), second.Str("uuid"));
        Assert.Equal(first.Str("created_at"), second.Str("created_at"));
        Assert.Equal(clock.GetUtcNow(), DateTimeOffset.Parse(second.Str("updated_at"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(clock.GetUtcNow().AddHours(24), DateTimeOffset.Parse(second.Str("expires_at"), System.Globalization.CultureInfo.InvariantCulture));
        var read = await (await client.GetAsync("/api/v1/clipboard/entry?name=draft")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("version two", read.Str("value"));
        Assert.Equal("text/markdown", read.Str("content_type"));
        Assert.Equal(11, (long)read["size_bytes"]!);
    }

    [Fact]
    public async Task DeletingAnEntryRemovesIt()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "scratch", value = "x" })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/v1/clipboard?name=scratch")).StatusCode);

        await (await client.GetAsync("/api/v1/clipboard/entry?name=scratch")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync("/api/v1/clipboard?name=scratch")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TheCallerCannotChooseTheSource()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var entry = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "spoof", value = "x", source = "mcp" })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("sdk", entry.Str("source"));
    }

    [Fact]
    public async Task ListingPagesNewestFirstWithoutValuesAndFiltersByVisibility()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        for (var i = 1; i <= 3; i++)
        {
            await (await client.PostJsonAsync("/api/v1/clipboard", new { name = $"note-{i}", value = $"n{i}" })).JsonAsync(HttpStatusCode.Created);
        }
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "shared", value = "s", visibility = "public" })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard/push", new { value = "on the stack" })).JsonAsync(HttpStatusCode.Created);

        var first = await (await client.GetAsync("/api/v1/clipboard?limit=3")).JsonAsync(HttpStatusCode.OK);
        var rest = await (await client.GetAsync($"/api/v1/clipboard?limit=3&cursor={first.Str("next_cursor")}")).JsonAsync(HttpStatusCode.OK);
        var publicOnly = await (await client.GetAsync("/api/v1/clipboard?visibility=public")).JsonAsync(HttpStatusCode.OK);

        var names = first["entries"]!.AsArray().Concat(rest["entries"]!.AsArray()).Select(e => (string?)e!["name"] ?? $"#{(long)e["idx"]!}").ToList();
        Assert.Equal(["#1", "shared", "note-3", "note-2", "note-1"], names);
        Assert.Null(rest["next_cursor"]);
        Assert.All(first["entries"]!.AsArray(), e => Assert.False(e!.AsObject().ContainsKey("value")));
        Assert.Equal("shared", Assert.Single(publicOnly["entries"]!.AsArray()).Str("name"));
    }

    [Theory]
    [InlineData("""{}""", "name")]
    [InlineData("""{"name":"a","idx":1}""", "idx")]
    [InlineData("""{"idx":0}""", "idx")]
    [InlineData("""{"name":"bad name/slash"}""", "name")]
    public async Task GettingNeedsExactlyOneValidNameOrIndex(string body, string field)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostRawAsync("/api/v1/clipboard/get", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    public async Task InvalidNamesAreRefused(string name)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name, value = "x" })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.NotEmpty(problem.FieldErrors("name"));
    }

    [Fact]
    public async Task EveryFieldErrorIsReportedAtOnce()
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new
        {
            name = "ok",
            content_type = "video/mp4",
            encoding = "utf-16",
            visibility = "friends",
            ttl_seconds = 5,
            created_by_tool = new string('t', 201),
        })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        foreach (var field in new[] { "value", "content_type", "encoding", "visibility", "ttl_seconds", "created_by_tool" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
    }

    [Fact]
    public async Task AMistypedFieldIsABadRequestNotAServerError()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var problem = await (await client.PostRawAsync("/api/v1/clipboard", """{"name":"n","value":"v","ttl_seconds":"soon"}""")).ProblemAsync(HttpStatusCode.BadRequest, "invalid_type");
        Assert.Contains("must be an integer.", problem.FieldErrors("ttl_seconds"));
        await (await client.GetAsync("/api/v1/clipboard/entry?idx=first")).ProblemAsync(HttpStatusCode.BadRequest, "invalid_parameter");
        await (await client.GetAsync("/api/v1/clipboard?owner=nobody")).ProblemAsync(HttpStatusCode.BadRequest, "invalid_parameter");
        await (await client.GetAsync("/api/v1/clipboard?cursor=bogus")).ProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task TheClipboardNeedsAnApiKey()
    {
        await (await _app.Client().GetAsync("/api/v1/clipboard")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
