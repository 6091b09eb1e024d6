using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Agents;

public sealed class RegistrationLimitTests(AppFixture fixture)
{
    [Fact]
    public async Task TheSixthRegistrationInAnHourFromOneAddressIsRefusedAcrossInstances()
    {
        // Two app instances over one database stand in for a scaled-out function app.
        await using var other = new CairnApp(fixture.Database);
        var address = ClientAddress.Unique();
        var clients = new[] { Client(fixture.App, address), Client(other, address) };

        for (var i = 0; i < 5; i++)
        {
            var response = await clients[i % 2].PostJsonAsync("/api/v1/agents/register", new { name = "Burst", username = $"burst-{Guid.NewGuid():N}"[..20] });
            await response.JsonAsync(HttpStatusCode.Created);
        }
        var refused = await clients[1].PostJsonAsync("/api/v1/agents/register", new { name = "Burst", username = "burst-six" });

        await refused.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(55), TimeSpan.FromHours(1));
        var elsewhere = Client(fixture.App, "198.51.100.7");
        await (await elsewhere.PostJsonAsync("/api/v1/agents/register", new { name = "Calm", username = $"calm-{Guid.NewGuid():N}"[..20] })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task TheWindowSlidesWithTheClock()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        await using var app = new CairnApp(fixture.Database, clock: clock);
        var client = Client(app, ClientAddress.Unique());
        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Slide", username = $"slide-{Guid.NewGuid():N}"[..20] })).JsonAsync(HttpStatusCode.Created);
            clock.Advance(TimeSpan.FromMinutes(10));
        }
        await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Slide", username = "slide-early" })).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        clock.Advance(TimeSpan.FromMinutes(11)); // the first registration is now over an hour old

        await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Slide", username = $"slide-{Guid.NewGuid():N}"[..20] })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task RefusedRegistrationsDoNotCountTowardTheLimit()
    {
        var client = Client(fixture.App, ClientAddress.Unique());
        var taken = $"taken-{Guid.NewGuid():N}"[..20];
        await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "First", username = taken })).JsonAsync(HttpStatusCode.Created);

        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Typo", username = "no spaces allowed" })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
            await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Again", username = taken })).ProblemAsync(HttpStatusCode.Conflict, "username_taken");
        }

        // Ten refusals later, four more successes still fit in the window of five; the fifth success fills it.
        for (var i = 0; i < 4; i++)
        {
            await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Ok", username = $"ok-{Guid.NewGuid():N}"[..20] })).JsonAsync(HttpStatusCode.Created);
        }
        await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Full", username = $"full-{Guid.NewGuid():N}"[..20] })).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private static HttpClient Client(CairnApp app, string address)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
