using System.Net;
using Cairn.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

// The classifier rules, near-duplicate reinforcement, and ring capacities.
public sealed class RingTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Theory]
    [InlineData("The build server runs Ubuntu 24.04.", null, null, null, "long_term")]
    [InlineData("User prefers TypeScript over JavaScript for new projects.", null, null, null, "long_term")]
    [InlineData("Prefer TypeScript over JavaScript for new projects.", null, null, null, "practice")]
    [InlineData("Staging is slow on Mondays.", "procedure", null, null, "procedures")]
    [InlineData("Always run the migrations in a transaction.", null, null, null, "practice")]
    [InlineData("Avoid global state in the request handlers.", null, null, null, "practice")]
    [InlineData("Run npm ci before npm test on a clean checkout.", null, null, null, "procedures")]
    [InlineData("1. stop the worker\n2. drain the queue\n3. deploy", null, null, null, "procedures")]
    [InlineData("First stop the worker, then drain the queue.", null, null, null, "procedures")]
    [InlineData("The lockfile mismatch went away with npm ci.", null, "success", "npm", "procedures")]
    [InlineData("The deploy timed out twice.", null, "failure", null, "practice")]
    [InlineData("The migration corrupted the orders table in production.", null, "failure", null, "shocks")]
    [InlineData("Outage: the cluster went down during the upgrade.", "error", null, null, "shocks")]
    [InlineData("The migration corrupted the orders table in staging, but we restored it.", null, "success", null, "long_term")]
    [InlineData("Nothing special happened.", "incident", "success", null, "shocks")]
    [InlineData("We decided to use PostgreSQL for the queue.", "decision", null, null, "long_term")]
    public void TheRulesPickTheRing(string text, string? type, string? outcome, string? tool, string ring)
    {
        Assert.Equal(ring, RuleClassifier.Classify(text, type, MemoryOutcomes.Of(outcome), tool));
    }

    [Fact]
    public async Task ANearDuplicateReinforcesTheExistingMemoryInsteadOfAddingOne()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var marker = Words.Marker();
        var first = await client.StartSessionAsync();
        var original = (await client.ObserveAsync(first, $"Always set statement_timeout on the {marker} reporting connections.", outcome: "success")).Str("id");
        await client.EndSessionAsync(first);
        var second = await client.StartSessionAsync();
        await client.ObserveAsync(second, $"Always set the statement_timeout on {marker} reporting connections!", outcome: "partial");
        await client.ObserveAsync(second, $"The {marker} reporting replica lags by a minute at night.");

        var report = (await client.EndSessionAsync(second))["z_report"]!;

        Assert.Equal(1, (int)report["memories"]!["reinforced"]!);
        Assert.Equal(1, (int)report["memories"]!["long_term"]!);
        var found = await client.SearchMemoryAsync(new { query = $"{marker} statement_timeout reporting", rings = new[] { "practice" } });
        Assert.Equal([original], found.Results().Select(r => r.Str("id")));
        var memory = await client.MemoryAsync(original);
        Assert.Equal(1, (int)memory["details"]!["reinforcements"]!);
        Assert.Equal(2, (int)memory["details"]!["access_count"]!); // the reinforcement, then this read
        Assert.Equal(1, (int)memory["details"]!["outcomes"]!["success"]!);
        Assert.Equal(1, (int)memory["details"]!["outcomes"]!["partial"]!);
    }

    [Fact]
    public async Task AFullRingLosesItsLowestValueMemoryNotItsOldest()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Memory:ProceduresCapacity"] = "10" });
        var (_, key, _) = await app.RegisterAsync();
        var client = app.Client(key);
        var session = await client.StartSessionAsync();
        var ids = new List<string>();
        var topics = new[] { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo" };
        foreach (var (topic, i) in topics.Select((t, i) => (t, i)))
        {
            // The fifth is the only failure: value (0.5 + success rate) 0.5 against 1.5 for the others.
            var outcome = i == 4 ? "failure" : "success";
            ids.Add((await client.ObserveAsync(session, $"Deploy the {topic} service with the {topic} pipeline script.", type: "procedure", outcome: outcome)).Str("id"));
        }

        await client.EndSessionAsync(session);

        var left = (await client.SearchMemoryAsync(new { ids, layer = 1 })).Results().Select(r => r.Str("id")).ToList();
        Assert.Equal(10, left.Count);
        Assert.DoesNotContain(ids[4], left);
        Assert.Contains(ids[0], left);
        await (await client.GetAsync($"/api/v1/memory/{ids[4]}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AFullBufferClassifiesItsOldestObservationsEarly()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Memory:BufferCapacity"] = "10" });
        var (_, key, _) = await app.RegisterAsync();
        var client = app.Client(key);
        var session = await client.StartSessionAsync();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await client.ObserveAsync(session, $"Observation {Words.Marker()} about cache warming number {i}.")).Str("id"));
        }

        var rings = (await client.SearchMemoryAsync(new { ids })).Results().ToDictionary(r => r.Str("id"), r => r.Str("ring"));

        Assert.Equal(12, rings.Count);
        Assert.Equal(10, rings.Values.Count(r => r == "buffer"));
        Assert.NotEqual("buffer", rings[ids[0]]);
        Assert.NotEqual("buffer", rings[ids[1]]);
    }
}
