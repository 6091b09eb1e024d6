using System.Text.Json.Nodes;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>PLUR: episodic emotional weight and confidence rank engrams that are otherwise about equally relevant.</summary>
public sealed class RecallEpisodicTests(AppFixture fixture)
{
    private static readonly object Strong = new { episodic = new { emotional_weight = 9, confidence = 10 } };
    private static readonly object Weak = new { episodic = new { emotional_weight = 2, confidence = 2 } };

    private static List<string> Ids(JsonObject recall) =>
        new[] { "constraints", "directives", "knowledge" }.SelectMany(s => recall[s]!.AsArray()).OrderBy(e => (int)e!["rank"]!).Select(e => e.Str("id")).ToList();

    [Fact]
    public async Task AWeightierMoreConfidentEngramRanksFirstWhicheverStatementItHas()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var marker = Words.Marker();
        // The same words in another order: equally relevant to both search arms, so only the episodic fields differ.
        var first = $"The {marker} rollback needs a manual approval";
        var second = $"The {marker} rollback approval needs a manual";
        var scopeA = $"project:{marker}-a";
        var scopeB = $"project:{marker}-b";
        var strongA = await agent.ActiveAsync(first, scopeA, Strong);
        var weakA = await agent.ActiveAsync(second, scopeA, Weak);
        var weakB = await agent.ActiveAsync(first, scopeB, Weak);
        var strongB = await agent.ActiveAsync(second, scopeB, Strong);

        var a = await agent.RecallAsync(new { query = $"{marker} rollback approval", scopes = new[] { scopeA } });
        var b = await agent.RecallAsync(new { query = $"{marker} rollback approval", scopes = new[] { scopeB } });

        Assert.Equal([strongA, weakA], Ids(a));
        Assert.Equal([strongB, weakB], Ids(b));
        var scores = a["knowledge"]!.AsArray().Select(e => (double)e!["score"]!["episodic"]!).ToList();
        Assert.Equal([Math.Round(17 / 18.0, 6), Math.Round(2 / 18.0, 6)], scores);
    }

    [Fact]
    public async Task WithoutEpisodicFieldsTheFactorIsPlursDefault()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var marker = Words.Marker();
        var scope = $"project:{marker}";
        await agent.ActiveAsync($"The {marker} queue drains at night.", scope);

        var recall = await agent.RecallAsync(new { query = $"{marker} queue", scopes = new[] { scope } });

        Assert.Equal(Math.Round(8 / 18.0, 6), (double)recall["knowledge"]![0]!["score"]!["episodic"]!);
    }
}
