using System.Net;
using Cairn.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

// Collective best practices: k-anonymity, hashed contributors, scrubbed text, feedback and suppression.
public sealed class CbpTests(AppFixture fixture)
{
    private static readonly CbpHasher Hasher = new(Convert.FromBase64String(CairnApp.TestCbpKey));
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task APatternIsSuggestedOnlyOnceThreeAgentsContributedItAndThePoolNeverHoldsTheirIds()
    {
        var marker = Words.Marker();
        var text = $"Run git fetch --prune before rebasing the {marker} branch, as jane.doe@corp.io noted in ticket 4521.";
        var patternId = Hasher.PatternId(PatternText.Normalize(text)!);
        var contributors = new List<(string Id, string Key, string Username)>();
        var (_, seekerKey, _) = await _app.RegisterAsync();
        var seeker = _app.Client(seekerKey);

        for (var i = 0; i < 3; i++)
        {
            if (i == 2)
            {
                // Two contributors: the pool has the pattern, but without text, and it is never suggested.
                Assert.DoesNotContain(await SuggestedAsync(seeker, marker), s => s.Id == patternId);
                var pattern = (await _app.StoredAsync("memory_patterns", patternId, "pattern"))!;
                Assert.Null(pattern["text"]);
                Assert.Equal(2, (int)pattern["contributors"]!);
                await (await seeker.PostJsonAsync("/api/v1/memory/cbp/feedback", new { pattern_id = patternId, feedback = "confirm" })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
            }
            var agent = await _app.RegisterAsync();
            contributors.Add(agent);
            await ContributeAsync(_app.Client(agent.Key), text);
        }

        var suggestion = Assert.Single(await SuggestedAsync(seeker, marker), s => s.Id == patternId);
        Assert.Equal($"run git fetch --prune before rebasing the {marker} branch, as <email> noted in ticket <n>", suggestion.Pattern);
        Assert.Equal(3, suggestion.Contributors);
        var pool = (await _app.AllStoredAsync("memory_patterns")).Select(d => (Pk: d.PartitionKey, d.Id, Body: d.Body.ToJsonString())).ToList();
        var mine = pool.Where(d => d.Pk == patternId).ToList();
        Assert.Equal(4, mine.Count); // the pattern and three contributions
        foreach (var (agentId, _, username) in contributors)
        {
            Assert.Contains(mine, d => d.Id == $"contributor:{Hasher.Contributor(Guid.Parse(agentId))}");
            Assert.DoesNotContain(pool, d => d.Pk.Contains(agentId, StringComparison.OrdinalIgnoreCase) || d.Id.Contains(agentId, StringComparison.OrdinalIgnoreCase)
                || d.Body.Contains(agentId, StringComparison.OrdinalIgnoreCase) || d.Body.Contains(username, StringComparison.OrdinalIgnoreCase));
        }
        // The pool's ids and hashes are hex, so a bare "4521" can occur by chance anywhere: look for the number in its sentence.
        Assert.DoesNotContain(pool, d => d.Body.Contains("jane.doe", StringComparison.Ordinal) || d.Body.Contains("ticket 4521", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ContributingTheSamePatternAgainCountsAnAgentOnce()
    {
        var marker = Words.Marker();
        var text = $"Run the {marker} smoke tests against staging before every release.";
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);

        await ContributeAsync(client, text);
        // The same lesson again, now as a practice: a second memory whose pattern hashes alike.
        await ContributeAsync(client, text, "practice");

        var rings = (await client.SearchMemoryAsync(new { query = marker })).Results().Select(r => r.Str("ring")).Order().ToList();
        Assert.Equal(["practice", "procedures"], rings);
        var pattern = (await _app.StoredAsync("memory_patterns", Hasher.PatternId(PatternText.Normalize(text)!), "pattern"))!;
        Assert.Equal(1, (int)pattern["contributors"]!);
    }

    [Fact]
    public async Task FeedbackMovesTheSuccessRateAndRepeatedRejectionSuppressesThePattern()
    {
        var marker = Words.Marker();
        var text = $"Run the {marker} schema linter before merging a migration.";
        var patternId = Hasher.PatternId(PatternText.Normalize(text)!);
        for (var i = 0; i < 3; i++)
        {
            await ContributeAsync(_app.Client((await _app.RegisterAsync()).Key), text);
        }
        var agents = new List<HttpClient>();
        for (var i = 0; i < 5; i++)
        {
            agents.Add(_app.Client((await _app.RegisterAsync()).Key));
        }

        var confirmed = await FeedbackAsync(agents[0], patternId, "confirm");
        Assert.Equal((1, 0, 0.6667), ((int)confirmed["confirmations"]!, (int)confirmed["rejections"]!, (double)confirmed["success_rate"]!));
        var again = await FeedbackAsync(agents[0], patternId, "confirm");
        Assert.Equal(1, (int)again["confirmations"]!);
        var changed = await FeedbackAsync(agents[0], patternId, "reject");
        Assert.Equal((0, 1, 0.3333), ((int)changed["confirmations"]!, (int)changed["rejections"]!, (double)changed["success_rate"]!));
        // A rejected suggestion is not made again to the agent who rejected it; others still see it.
        Assert.DoesNotContain(await SuggestedAsync(agents[0], marker), s => s.Id == patternId);
        Assert.Contains(await SuggestedAsync(agents[1], marker), s => s.Id == patternId);

        await FeedbackAsync(agents[1], patternId, "reject");
        var suppressed = await FeedbackAsync(agents[2], patternId, "reject");

        Assert.True((bool)suppressed["suppressed"]!);
        Assert.Equal(0.2, (double)suppressed["success_rate"]!);
        Assert.DoesNotContain(await SuggestedAsync(agents[3], marker), s => s.Id == patternId);
        var revived = await FeedbackAsync(agents[3], patternId, "confirm");
        Assert.True((bool)revived["suppressed"]!); // 1 confirmation against 3 rejections is still below 0.5
    }

    // Observes the text twice with success in one session, so ending it reinforces the memory and contributes its
    // pattern.
    private static async Task ContributeAsync(HttpClient client, string text, string? type = null)
    {
        var session = await client.StartSessionAsync();
        await client.ObserveAsync(session, text, type, outcome: "success", toolName: "git");
        await client.ObserveAsync(session, text, type, outcome: "success", toolName: "git");
        var report = (await client.EndSessionAsync(session))["z_report"]!;
        Assert.Equal(1, (int)report["memories"]!["reinforced"]!);
    }

    private static async Task<IReadOnlyList<(string Id, string Pattern, int Contributors)>> SuggestedAsync(HttpClient client, string query)
    {
        var response = await (await client.PostJsonAsync("/api/v1/memory/cbp/query", new { query, limit = 20 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (int)response["min_contributors"]!);
        return response.Results().Select(r => (r.Str("id"), r.Str("pattern"), (int)r["contributors"]!)).ToList();
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> FeedbackAsync(HttpClient client, string patternId, string feedback) =>
        await (await client.PostJsonAsync("/api/v1/memory/cbp/feedback", new { pattern_id = patternId, feedback })).JsonAsync(HttpStatusCode.OK);
}
