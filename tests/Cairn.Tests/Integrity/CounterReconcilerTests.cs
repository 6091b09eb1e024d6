using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Integrity;

// Counters damaged behind the API's back (as a crash or an old bug left them) are recounted from their records.
public sealed class CounterReconcilerTests(PrivateAppFixture fixture) : IClassFixture<PrivateAppFixture>
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task TheReconcilerRecountsDriftedCountersFromTheirRecordsAndThenHasNothingToDo()
    {
        var (_, authorKey, _) = await _app.RegisterAsync();
        var author = _app.Client(authorKey);
        var created = await (await author.PostJsonAsync("/api/v1/experiences", new { goal = "Drift target", outcome = "success" })).JsonAsync(HttpStatusCode.Created);
        var experienceId = created.Str("id");
        await (await author.PostAsync($"/api/v1/experiences/{experienceId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        foreach (var success in new[] { true, true, false })
        {
            var (_, key, _) = await _app.RegisterAsync();
            await (await _app.Client(key).PostJsonAsync($"/api/v1/experiences/{experienceId}/outcome", new { success })).JsonAsync(HttpStatusCode.OK);
            if (!success)
            {
                await (await _app.Client(key).PostJsonAsync($"/api/v1/experiences/{experienceId}/vote", new { vote_type = "down" })).JsonAsync(HttpStatusCode.OK);
            }
        }
        var sessionId = (await (await author.PostJsonAsync("/api/v1/sessions", new { topic = "Drift journal" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        for (var i = 0; i < 3; i++)
        {
            await (await author.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "note", content = new { text = $"note {i}" } })).JsonAsync(HttpStatusCode.Created);
        }

        // What the old delta updates could leave: a negative counter, reports never counted, a count without entries.
        var store = _app.Services.GetRequiredService<IDocumentStore>();
        var ct = TestContext.Current.CancellationToken;
        var experience = (await store.ReadAsync<Experience>(Containers.Experiences, experienceId, experienceId, ct))!;
        await store.ReplaceAsync(Containers.Experiences, experienceId, experienceId,
            experience.Body with { Stats = new ExperienceStats(SuccessCount: 7, FailureCount: 0, Upvotes: -3, Downvotes: 1) }, experience.ETag, null, ct);
        var session = (await store.ReadAsync<Session>(Containers.Sessions, sessionId, "session", ct))!;
        await store.ReplaceAsync(Containers.Sessions, sessionId, "session", session.Body with { EntryCount = 9 }, session.ETag, null, ct);
        var drifted = await (await _app.Client().GetAsync($"/api/v1/experiences/{experienceId}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(double.IsFinite((double)drifted["quality_score"]!), "A damaged counter must not make the score NaN.");

        var first = await RunReconcilerAsync();
        var second = await RunReconcilerAsync();

        var repaired = await (await _app.Client().GetAsync($"/api/v1/experiences/{experienceId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((3, 2, 1, 0, 1), ((int)repaired["total_reports"]!, (int)repaired["success_count"]!, (int)repaired["failure_count"]!, (int)repaired["upvotes"]!, (int)repaired["downvotes"]!));
        Assert.Equal(3, (int)(await (await author.GetAsync($"/api/v1/sessions/{sessionId}")).JsonAsync(HttpStatusCode.OK))["entry_count"]!);
        Assert.Contains(first, line => line.Contains("repaired 2", StringComparison.Ordinal));
        Assert.Contains(second, line => line.Contains("repaired 0", StringComparison.Ordinal));
    }

    // Fires the job as the Functions host's timer does (POST /{name} from this machine) and returns its log.
    private async Task<IReadOnlyList<string>> RunReconcilerAsync()
    {
        using var client = _app.CreateClient();
        var run = await (await client.PostAsync($"/{CounterReconcilerJob.Name}", JsonContent.Create(new { Data = new { timer = new { IsPastDue = false } } })))
            .JsonAsync(HttpStatusCode.OK);
        return run["Logs"]!.AsArray().Select(l => (string)l!).ToList();
    }
}
