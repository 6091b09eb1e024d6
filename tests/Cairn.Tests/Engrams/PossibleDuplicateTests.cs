using System.Text.Json.Nodes;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>Learning a paraphrase of an active engram in the same scope warns possible_duplicate, naming it.</summary>
public sealed class PossibleDuplicateTests(AppFixture fixture)
{
    private static List<JsonObject> Duplicates(JsonObject write) =>
        write["warnings"]!.AsArray().Select(w => w!.AsObject()).Where(w => w.Str("code") == "possible_duplicate").ToList();

    [Fact]
    public async Task AParaphraseInTheSameScopeIsNamedButOtherScopesAndOtherTopicsAreNot()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var scope = $"project:{Words.Marker()}";
        var original = await agent.ActiveAsync("Always validate user input at API boundaries.", scope);

        var paraphrase = await agent.LearnAsync(new { statement = "Validate all user input at the API boundary.", scope, type = "behavioral" });
        var elsewhere = await agent.LearnAsync(new { statement = "Validate all user input at the API boundary.", scope = $"project:{Words.Marker()}", type = "behavioral" });
        var unrelated = await agent.LearnAsync(new { statement = "Deploys happen on Tuesdays after the standup.", scope, type = "behavioral" });

        var warning = Assert.Single(Duplicates(paraphrase));
        Assert.Equal(original, warning.Str("engram_id"));
        Assert.Equal("paraphrase", warning.Str("reason"));
        Assert.InRange((double)warning["similarity"]!, 0.85, 1.0);
        Assert.Empty(Duplicates(elsewhere));
        Assert.Empty(Duplicates(unrelated));
    }
}
