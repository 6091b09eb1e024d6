using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

// Sessions and observations end to end: observe, search at once, end with a Z-report, promote by the job.
public sealed class MemorySessionTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task AnObservationIsBufferedAndSearchableAtOnce()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var session = await client.StartSessionAsync("Flaky integration tests");

        var observed = await client.ObserveAsync(session, "The integration tests flake because the fixture reuses a port across parallel runs.", outcome: "failure", toolName: "DotNet");

        Assert.Equal("buffer", observed.Str("ring"));
        Assert.Equal("full", observed.Str("stage"));
        Assert.Equal(session, observed.Str("session_id"));
        var found = await client.SearchMemoryAsync(new { query = "fixture port parallel flake" });
        var hit = Assert.Single(found.Results(), r => r.Str("id") == observed.Str("id"));
        Assert.Equal("buffer", hit.Str("ring"));
        var details = await client.MemoryAsync(observed.Str("id"));
        Assert.Equal("dotnet", details["details"]!.Str("tool_name"));
    }

    [Fact]
    public async Task EndingASessionClassifiesItsObservationsAndWritesAZReport()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var session = await client.StartSessionAsync("Release 2.4");
        await client.ObserveAsync(session, "Run dotnet pack with -p:ContinuousIntegrationBuild=true before publishing.", outcome: "success", toolName: "dotnet");
        await client.ObserveAsync(session, "Always pin the SDK version in global.json for release builds.", outcome: "success");
        await client.ObserveAsync(session, "The production database crashed during the migration and we lost data for an hour.", outcome: "failure", toolName: "psql");
        await client.ObserveAsync(session, "We decided to ship the release on Thursday after the freeze.", type: "decision");
        await client.ObserveAsync(session, "Run dotnet pack with -p:ContinuousIntegrationBuild=true before publishing!", outcome: "success", toolName: "dotnet");

        var ended = await client.EndSessionAsync(session, new { summary = "Release 2.4 shipped with one incident.", decisions = new[] { "Keep the migration window on weekends." } });

        Assert.Equal("ended", ended.Str("status"));
        var report = ended["z_report"]!;
        Assert.Contains("Release 2.4", report.Str("summary"));
        var decisions = report["decisions"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Contains("Keep the migration window on weekends.", decisions);
        Assert.Contains(decisions, d => d.Contains("ship the release on Thursday", StringComparison.Ordinal));
        var tools = report["tools"]!.AsArray();
        var dotnet = Assert.Single(tools, t => t.Str("name") == "dotnet")!;
        Assert.Equal(2, (int)dotnet["uses"]!);
        Assert.Equal(1.0, (double)dotnet["success_rate"]!);
        Assert.Equal(0, (int)tools.Single(t => t.Str("name") == "psql")!["successes"]!);
        Assert.Equal(0.75, (double)report["success_rate"]!); // 3 successes, 1 failure; the decision was not rated
        var memories = report["memories"]!;
        Assert.Equal(1, (int)memories["procedures"]!);
        Assert.Equal(1, (int)memories["practice"]!);
        Assert.Equal(1, (int)memories["shocks"]!);
        Assert.Equal(1, (int)memories["long_term"]!);
        Assert.Equal(1, (int)memories["reinforced"]!);
        Assert.False((bool)report["promotion_pending"]!);

        var rings = (await client.SearchMemoryAsync(new { query = "dotnet pack release database crashed pin SDK Thursday", limit = 20 })).Results()
            .Select(r => r.Str("ring")).ToList();
        Assert.DoesNotContain("buffer", rings);
        Assert.Equal(4, rings.Count);
    }

    [Fact]
    public async Task EndingTwiceReturnsTheSameReportAndObservingAfterTheEndIsAConflict()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var session = await client.StartSessionAsync();
        await client.ObserveAsync(session, "Caching the NuGet packages folder cut the build from 6 to 2 minutes.", outcome: "success");

        var first = await client.EndSessionAsync(session);
        var second = await client.EndSessionAsync(session);

        Assert.Equal(first["z_report"]!.ToJsonString(), second["z_report"]!.ToJsonString());
        await (await client.PostJsonAsync("/api/v1/memory/observe", new { session_id = session, content = "late" })).ProblemAsync(HttpStatusCode.Conflict, "session_ended");
        var retitle = await client.PutAsync($"/api/v1/memory/sessions/{session}", System.Net.Http.Json.JsonContent.Create(new { title = "new" }));
        await retitle.ProblemAsync(HttpStatusCode.Conflict, "session_ended");
        var fetched = await (await client.GetAsync($"/api/v1/memory/sessions/{session}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(first["z_report"]!.ToJsonString(), fetched["z_report"]!.ToJsonString());
    }

    [Fact]
    public async Task ASuccessfulZReportIsPromotedToLongTermMemoryByTheJob()
    {
        await using var isolated = await IsolatedApp.StartAsync();
        var app = isolated.App;
        var (_, key, _) = await app.RegisterAsync();
        var client = app.Client(key);
        var good = await client.StartSessionAsync("Speed up CI");
        await client.ObserveAsync(good, "Caching the NuGet folder cut CI from 6 to 2 minutes.", outcome: "success");
        await client.ObserveAsync(good, "Splitting the test project into two shards halved the wall time.", outcome: "success");
        var poor = await client.StartSessionAsync("Fix the flaky deploy");
        await client.ObserveAsync(poor, "Retrying the deploy did not help.", outcome: "failure");

        var goodReport = (await client.EndSessionAsync(good))["z_report"]!;
        var poorReport = (await client.EndSessionAsync(poor))["z_report"]!;
        Assert.True((bool)goodReport["promotion_pending"]!);
        Assert.False((bool)poorReport["promotion_pending"]!);

        var run = await app.RunJobAsync("memory-promotion");

        Assert.True((long)run["counts"]!["promoted"]! >= 1);
        var promoted = await (await client.GetAsync($"/api/v1/memory/sessions/{good}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(good, promoted.Str("promoted_memory_id"));
        Assert.False((bool)promoted["z_report"]!["promotion_pending"]!);
        var memory = await client.MemoryAsync(good);
        Assert.Equal("long_term", memory.Str("ring"));
        Assert.Equal("z_report", memory["details"]!.Str("source"));
        Assert.Contains("Speed up CI", memory.Str("content_full"));
        await (await client.GetAsync($"/api/v1/memory/{poor}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        var again = await app.RunJobAsync("memory-promotion");
        Assert.Equal(0, (long)again["counts"]!["promoted"]!);
    }
}
