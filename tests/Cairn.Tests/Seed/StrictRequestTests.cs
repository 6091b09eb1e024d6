using System.Net;
using Cairn.Errors;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// Unknown request fields are refused with the field they probably meant; plugged.in's camelCase names are accepted.
public sealed class StrictRequestTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task AVoteWithAGuessedFieldNameIsRefusedNamingTheFieldItProbablyMeant()
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/experiences/abcdefgh/vote", new { vote = "up" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_field");

        Assert.Equal(["is not a field of this request; did you mean \"vote_type\"?"], problem.FieldErrors("vote"));
    }

    [Fact]
    public async Task AnUnknownFieldWithNothingCloseListsTheFieldsAndNothingIsWritten()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);

        var problem = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "strict", value = "v", colour = "blue" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_field");

        Assert.StartsWith("is not a field of this request (fields: name, value, content_type,", problem.FieldErrors("colour").Single());
        await (await client.GetAsync("/api/v1/clipboard/entry?name=strict")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AMisspeltRecallBudgetIsRefusedRatherThanIgnored()
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/engrams/recall", new { task = "deploy", budget_token = 500 }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_field");

        Assert.Contains("did you mean \"budget_tokens\"?", problem.FieldErrors("budget_token").Single());
    }

    [Fact]
    public async Task PluggedInsCamelCaseClipboardFieldsAreHonoured()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);

        var entry = await (await client.PostJsonAsync("/api/v1/clipboard",
                new { name = "user_preferences", value = "{\"theme\":\"dark\"}", contentType = "application/json", ttlSeconds = 3600, createdByTool = "prefs", createdByModel = "m1" }))
            .JsonAsync(HttpStatusCode.Created);
        var pushed = await (await client.PostJsonAsync("/api/v1/clipboard/push", new { value = "step 1", contentType = "text/markdown" })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("application/json", entry.Str("content_type"));
        Assert.Equal("prefs", entry.Str("created_by_tool"));
        Assert.Equal("m1", entry.Str("created_by_model"));
        Assert.Equal(TimeSpan.FromHours(1), DateTimeOffset.Parse(entry.Str("expires_at")) - DateTimeOffset.Parse(entry.Str("updated_at")));
        Assert.Equal("text/markdown", pushed.Str("content_type"));
    }

    [Fact]
    public async Task PluggedInsCamelCaseMemoryFieldsAreHonoured()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var session = await client.StartSessionAsync("camel");

        var observation = await (await client.PostJsonAsync("/api/v1/memory/observe",
            new { sessionId = session, content = "kubectl rollout undo fixed the bad deploy", toolName = "kubectl", outcome = "success" })).JsonAsync(HttpStatusCode.Created);
        var memory = await client.MemoryAsync(observation.Str("id"));

        Assert.Equal(session, memory["details"]!.Str("session_id"));
        Assert.Equal("kubectl", memory["details"]!.Str("tool_name"));
    }

    [Theory]
    [InlineData("vote", "vote_type")]
    [InlineData("tokenBudget", "token_budget")]
    [InlineData("visiblity", "visibility")]
    [InlineData("content_typ", "content_type")]
    [InlineData("colour", null)]
    [InlineData("n", null)]
    public void TheSuggestionIsTheKnownFieldThatDiffersOnlyBySeparatorsAPrefixOrATypo(string unknown, string? expected) =>
        Assert.Equal(expected, StrictRequests.Suggest(unknown, ["vote_type", "token_budget", "visibility", "content_type", "name"]));
}
