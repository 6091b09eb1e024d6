using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Input;

// The same text typed precomposed (U+00E9) and decomposed (e + U+0301) is one text wherever Cairn compares or hashes it:
// string.Normalize does nothing under InvariantGlobalization, so these compared different before.
public sealed class UnicodeFormTests(AppFixture fixture)
{
    private const string Precomposed = "Brew the caf\u00E9 blend before the d\u00E9ploiement.";
    private const string Decomposed = "Brew the cafe\u0301 blend before the de\u0301ploiement.";

    [Fact]
    public async Task AnEngramSpelledWithCombiningAccentsReinforcesTheSameStatementPrecomposed()
    {
        var client = fixture.App.Client((await fixture.App.RegisterAsync()).Key);
        var first = await (await client.PostRawAsync("/api/v1/engrams", Body(Precomposed))).JsonAsync(HttpStatusCode.Created);

        var again = await (await client.PostRawAsync("/api/v1/engrams", Body(Decomposed))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("reinforced", again.Str("outcome"));
        Assert.Equal(first["engram"].Str("id"), again["engram"].Str("id"));
        Assert.Equal(first["engram"].Str("content_hash"), again["engram"].Str("content_hash"));
    }

    [Fact]
    public async Task ADomainAndToolsSpelledWithCombiningAccentsAreStoredComposed()
    {
        var client = fixture.App.Client((await fixture.App.RegisterAsync()).Key);

        var session = await (await client.PostJsonAsync("/api/v1/sessions",
            new { topic = "Accents in names", domain = "Re\u0301seau", tools_used = new[] { "cafe\u0301", "caf\u00E9" } })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("r\u00E9seau", session["session"].Str("domain"));
        Assert.Equal(["caf\u00E9"], session["session"]!["tools_used"]!.AsArray().Select(t => (string)t!));
    }

    private static string Body(string statement) =>
        new JsonObject { ["statement"] = statement, ["scope"] = "global", ["type"] = "behavioral" }.ToJsonString();
}
