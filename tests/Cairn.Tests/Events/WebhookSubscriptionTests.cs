using System.Net;
using Cairn.Events.Webhooks;
using Cairn.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Events;

/// <summary>Subscriptions over HTTP on the shared app, whose webhooks may reach public addresses only (the default).</summary>
public sealed class WebhookSubscriptionTests(AppFixture fixture)
{
    private CairnApp App => fixture.App;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00:ec2::254]/hook")]
    [InlineData("http://[::ffff:192.168.0.1]/hook")]
    public async Task AnInternalAddressIsRefusedWithA422NamingTheUrl(string url)
    {
        var (_, key, _) = await App.RegisterAsync();

        var response = await App.Client(key).PostJsonAsync("/api/v1/webhooks", new { url, types = new[] { "cairn.session.opened" } });

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "url_not_allowed");
        Assert.Contains("internal address", Assert.Single(problem.FieldErrors("url")), StringComparison.Ordinal);
        Assert.Empty((await (await App.Client(key).GetAsync("/api/v1/webhooks")).JsonAsync(HttpStatusCode.OK))["webhooks"]!.AsArray());
    }

    [Fact]
    public async Task ABadRequestNamesEachFieldAndWritesNothing()
    {
        var (_, key, _) = await App.RegisterAsync();

        var response = await App.Client(key).PostJsonAsync("/api/v1/webhooks", new
        {
            url = "ftp://example.com/hook", types = new[] { "cairn.session.opened", "cairn.session.deleted" }, filters = new { tools = Enumerable.Repeat("t", 11) },
        });

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("'cairn.session.deleted' is not an event type", Assert.Single(problem.FieldErrors("types")), StringComparison.Ordinal);
        Assert.Single(problem.FieldErrors("filters.tools"));
        var missing = await (await App.Client(key).PostJsonAsync("/api/v1/webhooks", new { })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["url", "types"], missing["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty((await (await App.Client(key).GetAsync("/api/v1/webhooks")).JsonAsync(HttpStatusCode.OK))["webhooks"]!.AsArray());
    }

    [Fact]
    public async Task AWebhookIsOnlyItsOwners()
    {
        var (_, owner, _) = await App.RegisterAsync();
        var (_, other, _) = await App.RegisterAsync();
        var created = await (await App.Client(owner).PostJsonAsync("/api/v1/webhooks", new
        {
            url = "https://93.184.215.14/cairn", types = new[] { "cairn.experience.published" }, filters = new { domain = "databases" }, description = "CI",
        })).JsonAsync(HttpStatusCode.Created);
        var id = created["webhook"].Str("id");
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", created.Str("secret"));
        Assert.Equal(32, Convert.FromBase64String(created.Str("secret")[6..]).Length);

        await (await App.Client(other).GetAsync($"/api/v1/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await App.Client(other).DeleteAsync($"/api/v1/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await App.Client().GetAsync("/api/v1/webhooks")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var mine = await (await App.Client(owner).GetAsync($"/api/v1/webhooks/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("databases", (string?)mine["filters"]!["domain"]);
        Assert.Null(mine["secret"]);

        var rotated = await (await App.Client(owner).PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null)).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(created.Str("secret"), rotated.Str("secret"));
        Assert.Equal(HttpStatusCode.NoContent, (await App.Client(owner).DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await (await App.Client(owner).GetAsync($"/api/v1/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TheGuardRefusesAtConnectTimeAHostNameThatResolvesToLoopback()
    {
        // What DNS rebinding looks like: a name that passed a check once but now resolves inside. The check is on the socket's address.
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new WebhookHttp(Options.Create(new WebhookOptions { AllowPrivateNetworks = false }));

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => http.Client.PostAsync($"http://localhost:{receiver.Url.Port}/hook", null));

        Assert.IsType<WebhookRefusedException>(exception.InnerException);
        Assert.Equal(0, receiver.Count);
        using var allowed = new WebhookHttp(Options.Create(new WebhookOptions { AllowPrivateNetworks = true }));
        Assert.Equal(HttpStatusCode.OK, (await allowed.Client.PostAsync($"http://localhost:{receiver.Url.Port}/hook", null)).StatusCode);
    }
}
