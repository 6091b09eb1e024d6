using System.Text.Json.Nodes;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>PLUR associations: engrams recalled together become co_accessed, and recall spreads one hop along associations.</summary>
public sealed class AssociationTests(EngramAppFixture fixture) : IClassFixture<EngramAppFixture>
{
    private static List<JsonObject> All(JsonObject recall) =>
        new[] { "constraints", "directives", "knowledge" }.SelectMany(s => recall[s]!.AsArray().Select(e => e!.AsObject())).OrderBy(e => (int)e["rank"]!).ToList();

    private static JsonObject? Association(JsonObject engram, string target) =>
        engram["engram"]!["associations"]?.AsArray().Select(a => a!.AsObject()).SingleOrDefault(a => a.Str("target") == target);

    [Fact]
    public async Task EngramsRecalledTogetherAreAssociatedMoreStronglyEachTime()
    {
        var agent = await fixture.AgentAsync();
        var marker = Words.Marker();
        var scope = $"project:{marker}";
        var tls = await agent.ActiveAsync($"The {marker} broker uses TLS.", scope);
        var port = await agent.ActiveAsync($"The {marker} broker listens on port 5671.", scope);

        await agent.RecallAsync(new { query = $"{marker} broker", scopes = new[] { scope } });
        await fixture.AccessesAppliedAsync();
        var once = Association(await agent.GetAsync(tls), port);
        await agent.RecallAsync(new { query = $"{marker} broker", scopes = new[] { scope } });
        await fixture.AccessesAppliedAsync();
        var twice = Association(await agent.GetAsync(tls), port);

        Assert.NotNull(once);
        Assert.Equal("engram", once.Str("target_type"));
        Assert.Equal("co_accessed", once.Str("type"));
        Assert.Equal(0.19, (double)once["strength"]!, 6);
        Assert.Equal(0.342, (double)twice!["strength"]!, 6);
        Assert.Equal(0.342, (double)Association(await agent.GetAsync(port), tls)!["strength"]!, 6);
    }

    [Fact]
    public async Task RecallSpreadsToAnAssociatedEngramThatSharesNoWordWithTheTask()
    {
        var agent = await fixture.AgentAsync();
        var marker = Words.Marker();
        var scope = $"project:{marker}";
        var broker = await agent.ActiveAsync($"The {marker} broker uses TLS.", scope);
        var rotate = await agent.ActiveAsync("Rotate the certificates every ninety days.", scope);
        var unrelated = await agent.ActiveAsync("Certificates are stored in the vault.", scope);
        await agent.RecallAsync(new { query = $"{marker} broker rotate", scopes = new[] { scope } });
        await fixture.AccessesAppliedAsync();

        var recall = await agent.RecallAsync(new { query = $"{marker} broker", scopes = new[] { scope } });

        var items = All(recall);
        Assert.Equal([broker, rotate], items.Select(e => e.Str("id")));
        Assert.DoesNotContain(unrelated, items.Select(e => e.Str("id")));
        var source = (double)items[0]["score"]!["relevance"]!;
        // Relevance is served rounded to 6 places, so compare within a tolerance: rounding both sides to 5 places
        // could land them on either side of a boundary (0.0911252 → 0.09113, 0.091125 → 0.09112).
        Assert.Equal(source * 0.19 * 0.5, (double)items[1]["score"]!["relevance"]!, tolerance: 1e-5);
    }

    [Fact]
    public async Task AnAgentsOwnAssociationsAreFollowedButNotIntoScopesTheRecallDoesNotName()
    {
        var agent = await fixture.AgentAsync();
        var marker = Words.Marker();
        var scope = $"project:{marker}";
        var elsewhere = await agent.ActiveAsync("Drain the queue before a deploy.", $"project:{marker}-other");
        var here = await agent.ActiveAsync("Pause the consumers first.", scope);
        var source = await agent.ActiveAsync($"The {marker} worker restarts nightly.", scope, new
        {
            associations = new object[]
            {
                new { target_type = "engram", target = here, strength = 0.8, type = "causal" },
                new { target_type = "engram", target = elsewhere, strength = 0.9, type = "causal" },
            },
        });

        var recall = await agent.RecallAsync(new { query = $"{marker} worker", scopes = new[] { scope } });

        Assert.Equal([source, here], All(recall).Select(e => e.Str("id")));
    }
}
