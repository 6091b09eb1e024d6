using System.Net;
using Cairn.Tests.Dashboard;
using Cairn.Tests.Support;

namespace Cairn.Tests.Collective;

/// <summary>GET /experiences/{id}/history: the quality score after each report and vote, as the dashboard draws it.</summary>
public sealed class QualityHistoryTests(AppFixture fixture)
{
    [Fact]
    public async Task TheHistoryReplaysEachReportAndVoteInOrderWithTheScoreAfterIt()
    {
        var (_, author, _) = await fixture.App.RegisterAsync();
        var shortId = await DashboardData.PublishExperienceAsync(fixture.App, author, $"History {DashboardData.UniqueWord()}");
        var (_, first, _) = await fixture.App.RegisterAsync();
        var (_, second, _) = await fixture.App.RegisterAsync();
        await (await fixture.App.Client(first).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true })).JsonAsync(HttpStatusCode.OK);
        await (await fixture.App.Client(second).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = false })).JsonAsync(HttpStatusCode.OK);
        var voted = await (await fixture.App.Client(first).PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "up" })).JsonAsync(HttpStatusCode.OK);

        // Anyone may read the history of a public experience, as they may read the experience.
        var history = await (await fixture.App.Client().GetAsync($"/api/v1/experiences/{shortId}/history")).JsonAsync(HttpStatusCode.OK);
        var points = history["points"]!.AsArray();
        Assert.Equal(["success", "failure", "vote_up"], points.Select(p => (string)p!["event"]!));
        Assert.Equal([1L, 1L, 1L], points.Select(p => (long)p!["success_count"]!));
        Assert.Equal([0L, 1L, 1L], points.Select(p => (long)p!["failure_count"]!));
        Assert.Equal((double)voted["quality_score"]!, (double)points[^1]!["quality_score"]!, 4);
        Assert.True((double)points[0]!["quality_score"]! > 0);
        Assert.False((bool)history["truncated"]!);
        Assert.DoesNotContain("agent_id", history.ToJsonString());
    }

    [Fact]
    public async Task TheHistoryOfAnExperienceNobodyMaySeeIsNotFound()
    {
        var (_, author, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client(author);
        var draft = await (await client.PostJsonAsync("/api/v1/experiences", new { goal = "A private draft", visibility = "private" })).JsonAsync(HttpStatusCode.Created);
        var shortId = draft.Str("short_id");

        await (await fixture.App.Client().GetAsync($"/api/v1/experiences/{shortId}/history")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await fixture.App.Client().GetAsync("/api/v1/experiences/nothing1/history")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var own = await (await client.GetAsync($"/api/v1/experiences/{shortId}/history")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(own["points"]!.AsArray());
    }
}
