using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Integrity;

// Many writers on one document at once, through HTTP: every answer is 2xx or 409 contention with Retry-After, and once
// the callers have retried their 409s the counters equal exactly what was acknowledged.
public sealed class ContentionTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task HundredParallelOutcomeReportsOnOneExperienceAreEachCountedOnce()
    {
        var shortId = await Contention.PublishedExperienceAsync(_app);
        var reporters = await Contention.AgentsAsync(_app, 100);

        var tally = await Contention.UntilAcceptedAsync(reporters.Select((key, i) => (Func<Task<HttpResponseMessage>>)(() =>
            _app.Client(key).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = i % 4 != 0 }))));

        tally.Report("100 outcomes on one experience");
        var detail = await (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(100, (int)detail["total_reports"]!);
        Assert.Equal(75, (int)detail["success_count"]!);
        Assert.Equal(25, (int)detail["failure_count"]!);
    }

    [Fact]
    public async Task HundredParallelVotesByDistinctAgentsAreEachCountedOnce()
    {
        var shortId = await Contention.PublishedExperienceAsync(_app);
        var voters = await Contention.AgentsAsync(_app, 100);

        var tally = await Contention.UntilAcceptedAsync(voters.Select((key, i) => (Func<Task<HttpResponseMessage>>)(() =>
            _app.Client(key).PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = i % 5 < 3 ? "up" : "down" }))));

        tally.Report("100 votes on one experience");
        var detail = await (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((60, 40), ((int)detail["upvotes"]!, (int)detail["downvotes"]!));
    }

    [Fact]
    public async Task FortyParallelVoteTogglesByOneAgentLeaveExactlyOneVoteCounted()
    {
        var shortId = await Contention.PublishedExperienceAsync(_app);
        var (_, voterKey, _) = await _app.RegisterAsync();
        var others = await Contention.AgentsAsync(_app, 3);
        var voter = _app.Client(voterKey);

        var tally = await Contention.UntilAcceptedAsync(Enumerable.Range(0, 40).Select(i => (Func<Task<HttpResponseMessage>>)(() =>
            voter.PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = i % 2 == 0 ? "up" : "down" })))
            .Concat(others.Select(key => (Func<Task<HttpResponseMessage>>)(() =>
                _app.Client(key).PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "up" })))));

        tally.Report("40 vote toggles by one agent + 3 upvotes");
        var detail = await (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (int)detail["upvotes"]! + (int)detail["downvotes"]!);
        Assert.InRange((int)detail["upvotes"]!, 3, 4);
        Assert.InRange((double)detail["quality_score"]!, 0, 1);

        // A settled vote after the storm moves the counters by exactly one.
        await (await voter.PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "down" })).JsonAsync(HttpStatusCode.OK);
        detail = await (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((3, 1), ((int)detail["upvotes"]!, (int)detail["downvotes"]!));
        await (await _app.Client().PostJsonAsync("/api/v1/experiences/search", new { query = "contention target", min_quality = 0 })).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HundredParallelEntriesIntoOneSessionAreAllStoredAndCounted()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var opened = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Contention on one session" })).JsonAsync(HttpStatusCode.Created);
        var sessionId = opened["session"]!.Str("id");

        var tally = await Contention.UntilAcceptedAsync(Enumerable.Range(0, 100).Select(i => (Func<Task<HttpResponseMessage>>)(() =>
            client.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "note", content = new { text = $"entry {i}" } }))));

        tally.Report("100 entries into one session");
        var session = await (await client.GetAsync($"/api/v1/sessions/{sessionId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(100, session["entries"]!.AsArray().Count);
        Assert.Equal(100, (int)session["entry_count"]!);
        Assert.Equal(100, session["entries"]!.AsArray().Select(e => e.Str("id")).Distinct().Count());
    }

    [Fact]
    public async Task ThirtyParallelLearnsOfOneStatementMakeOneEngram()
    {
        var (id, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var statement = $"Always pin the toolchain version in CI {Guid.NewGuid():N}";

        var tally = await Contention.UntilAcceptedAsync(Enumerable.Range(0, 30).Select(_ => (Func<Task<HttpResponseMessage>>)(() =>
            client.PostJsonAsync("/api/v1/engrams", new { statement, scope = $"agent:{id}", type = "behavioral" }))));

        tally.Report("30 learns of one statement");
        var listed = await (await client.GetAsync("/api/v1/engrams?limit=100")).JsonAsync(HttpStatusCode.OK);
        var engram = Assert.Single(listed["engrams"]!.AsArray(), e => e!["engram"].Str("statement") == statement);
        Assert.Equal(1, tally.Created);
        // Every accepted learn counted once: the first made it, the other 29 reinforced it.
        Assert.Equal(30, (int)engram!["meta"]!["recurrences"]!);
    }
}

// What a burst of parallel requests answered, first tries and retries of 409 contention.
internal sealed class Tally
{
    public Dictionary<int, int> FirstStatuses { get; } = [];
    public int Retries { get; set; }
    public int Created { get; set; }
    public TimeSpan Elapsed { get; set; }

    public void Report(string what) => TestContext.Current.TestOutputHelper?.WriteLine(
        $"{what}: first answers {string.Join(", ", FirstStatuses.OrderBy(s => s.Key).Select(s => $"{s.Value} × {s.Key}"))}; " +
        $"{Retries} retries after 409 contention; {Elapsed.TotalMilliseconds:F0} ms");
}

internal static class Contention
{
    public static async Task<string> PublishedExperienceAsync(CairnApp app)
    {
        var (_, authorKey, _) = await app.RegisterAsync();
        var author = app.Client(authorKey);
        var created = await (await author.PostJsonAsync("/api/v1/experiences", new { goal = $"Contention target {Guid.NewGuid():N}", outcome = "success" })).JsonAsync(HttpStatusCode.Created);
        var shortId = created.Str("short_id");
        await (await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        return shortId;
    }

    public static async Task<IReadOnlyList<string>> AgentsAsync(CairnApp app, int count) =>
        (await Task.WhenAll(Enumerable.Range(0, count).Select(_ => app.RegisterAsync()))).Select(a => a.Key).ToList();

    // Sends every request at once; each 409 contention must carry Retry-After and is sent again at once (the header is
    // honoured in spirit: the test has no reason to wait). Anything but 2xx or that 409 fails the test.
    public static async Task<Tally> UntilAcceptedAsync(IEnumerable<Func<Task<HttpResponseMessage>>> requests)
    {
        var tally = new Tally();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var failures = new List<string>();
        await Task.WhenAll(requests.Select(async send =>
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                lock (tally)
                {
                    if (attempt == 0)
                    {
                        tally.FirstStatuses[(int)response.StatusCode] = tally.FirstStatuses.GetValueOrDefault((int)response.StatusCode) + 1;
                    }
                    else
                    {
                        tally.Retries++;
                    }
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        tally.Created++;
                    }
                }
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? (string?)JsonNode.Parse(body)?["code"] : null;
                if (response.StatusCode != HttpStatusCode.Conflict || code != "contention" || response.Headers.RetryAfter is null)
                {
                    lock (failures)
                    {
                        failures.Add($"{(int)response.StatusCode} {body}");
                    }
                    return;
                }
            }
            lock (failures)
            {
                failures.Add("still 409 contention after 50 tries");
            }
        }));
        tally.Elapsed = started.Elapsed;
        Assert.True(failures.Count == 0, $"{failures.Count} requests failed; first: {failures.FirstOrDefault()}\n{string.Join(", ", tally.FirstStatuses.Select(s => $"{s.Value} × {s.Key}"))}");
        return tally;
    }
}
