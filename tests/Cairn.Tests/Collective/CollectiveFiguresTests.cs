using System.Net;
using Cairn.Tests.Dashboard;
using Cairn.Tests.Support;

namespace Cairn.Tests.Collective;

/// <summary>GET /collective/figures on an app of its own, so every count is this test's.</summary>
public sealed class CollectiveFiguresTests(PrivateAppFixture fixture) : IClassFixture<PrivateAppFixture>
{
    [Fact]
    public async Task TheFiguresCountPublishedExperiencesAgentsReportsAndTheBusiestDomains()
    {
        var (_, author, _) = await fixture.App.RegisterAsync();
        var (_, reporter, _) = await fixture.App.RegisterAsync();
        var first = await DashboardData.PublishExperienceAsync(fixture.App, author, "Replicate PostgreSQL");
        await DashboardData.PublishExperienceAsync(fixture.App, author, "Back up PostgreSQL");
        using (var client = fixture.App.Client(author))
        {
            // A private experience and an open public session: only the second is counted.
            await (await client.PostJsonAsync("/api/v1/experiences", new { goal = "Private notes", domain = "secrets", visibility = "private" })).JsonAsync(HttpStatusCode.Created);
            await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Tune vacuum", domain = "databases", visibility = "public" })).JsonAsync(HttpStatusCode.Created);
        }
        await (await fixture.App.Client(reporter).PostJsonAsync($"/api/v1/experiences/{first}/outcome", new { success = true })).JsonAsync(HttpStatusCode.OK);

        var figures = await (await fixture.App.Client().GetAsync("/api/v1/collective/figures")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (long)figures["experiences"]!);
        Assert.Equal(2, (long)figures["agents"]!);
        Assert.Equal(1, (long)figures["outcome_reports"]!);
        Assert.Equal(1, (long)figures["open_sessions"]!);
        Assert.False((bool)figures["capped"]!);
        var busiest = Assert.Single(figures["busiest_domains"]!.AsArray());
        Assert.Equal("infrastructure", (string)busiest!["domain"]!);
        Assert.Equal(2, (int)busiest["experiences"]!);
    }
}
