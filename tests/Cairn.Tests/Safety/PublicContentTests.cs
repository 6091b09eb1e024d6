using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// Issue 16 point 3: what is refused where, what is not (private content), and what a refusal says.
public sealed class PublicContentTests(AppFixture fixture)
{
    private const string Token = "ghp_R2d4Yw9Lq0Zx7Vb3Nc5Mt8Kp1Hs6Jf4Ge2Da";

    [Fact]
    public async Task ARefusalNamesTheFieldAndTheRuleButNeverEchoesTheSecret()
    {
        var client = await ClientAsync();

        var response = await client.PostJsonAsync("/api/v1/sessions",
            new { topic = "Deploy", tools_used = new[] { "docker", "postgresql://admin:Sup3rS3cretPw@db.internal/app" }, visibility = "public" });

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");
        Assert.Contains("url_credentials", problem.FieldErrors("tools_used[1]")[0]);
        Assert.DoesNotContain("Sup3rS3cretPw", problem.ToJsonString());
    }

    [Fact]
    public async Task PrivateContentIsTheOwnersAndIsNotRefused()
    {
        var client = await ClientAsync();
        var session = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = $"Deploy with {Token}" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");

        await (await client.PostJsonAsync($"/api/v1/sessions/{session}/entries", new { entry_type = "note", content = new { text = $"token {Token}" } })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "mine", value = $"GITHUB_TOKEN={Token}" })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/engrams", new { statement = $"Use {Token} for the mirror.", scope = "global", type = "procedural" })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/experiences", new { goal = $"Mirror with {Token}", visibility = "private" })).JsonAsync(HttpStatusCode.Created);

        // Making the session public exposes it: now the scan applies, naming the entry.
        var refused = await (await client.PatchAsync($"/api/v1/sessions/{session}", JsonContent.Create(new { visibility = "public" })))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");
        Assert.NotEmpty(refused.FieldErrors("topic"));
        Assert.NotEmpty(refused.FieldErrors("entries[0].content.text"));
    }

    [Fact]
    public async Task AnEntryLoggedWithRedactIsMaskedInsteadOfRefused()
    {
        var client = await ClientAsync();
        var session = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Mirror the repository", visibility = "public" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");

        var entry = await (await client.PostJsonAsync($"/api/v1/sessions/{session}/entries",
            new { entry_type = "gotcha", content = new { warning = $"The CI used {Token}; ask ops@contoso.com", context = "mirror job" }, redact = true })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("The CI used [REDACTED:github_token]; ask [REDACTED:email]", entry["content"]!.Str("warning"));
        await (await client.PostJsonAsync($"/api/v1/sessions/{session}/entries", new { entry_type = "note", content = new { text = Token } }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");
    }

    [Fact]
    public async Task APackIsExportedOnlyWhenNothingInItIsASecret()
    {
        var client = await ClientAsync();
        // A personal engram is the owner's (not scanned); a public one in it would travel in a pack, so the pack is refused.
        await (await client.PostJsonAsync("/api/v1/engrams", new { statement = $"Mirror with {Token}.", scope = "user:me", type = "procedural", visibility = "public" })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/engrams/export")).StatusCode);
        var refused = await (await client.GetAsync("/api/v1/engrams/export?pack=true")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");
        Assert.NotEmpty(refused.FieldErrors("engrams[0].statement"));
    }

    [Fact]
    public async Task AnOutcomeNoteOnAPublicExperienceIsScanned()
    {
        var author = await ClientAsync();
        var reporter = await ClientAsync();
        var shortId = (await (await author.PostJsonAsync("/api/v1/experiences", new { goal = "Rotate the deploy key" })).JsonAsync(HttpStatusCode.Created)).Str("short_id");
        await (await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);

        var refused = await (await reporter.PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = false, error_message = $"401 with {Token}" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");

        Assert.NotEmpty(refused.FieldErrors("error_message"));
        await (await reporter.PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = false, error_message = "401 with the old key" })).JsonAsync(HttpStatusCode.OK);
    }

    private async Task<HttpClient> ClientAsync() => fixture.App.Client((await fixture.App.RegisterAsync()).Key);
}
