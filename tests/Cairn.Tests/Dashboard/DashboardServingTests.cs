using System.Net;
using Cairn.Dashboard;
using Cairn.Pulse;
using Cairn.Tests.Support;

namespace Cairn.Tests.Dashboard;

/// <summary>How the app serves /ui/: from its own dll, with a strict Content-Security-Policy, nothing from elsewhere.</summary>
public sealed class DashboardServingTests(AppFixture fixture)
{
    private static readonly string[] Files = ["index.html", "app.js", "api.js", "dom.js", "collective.js", "experience.js", "mine.js", "memory.js", "pulse.js", "chart.js", "highlight.js", "style.css"];

    [Fact]
    public async Task TheDashboardIsServedWithAStrictContentSecurityPolicy()
    {
        using var client = fixture.App.Client();
        var response = await client.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("style-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // Revalidated on each visit, and answered without a body while unchanged.
        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/app.js");
        var first = await client.GetAsync("/ui/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task EveryFileComesFromTheAppAndNoneReachesOutOrRunsInline()
    {
        using var client = fixture.App.Client();
        foreach (var file in Files)
        {
            var response = await client.GetAsync($"/ui/{file}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/ui/{file}: {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(@"https?://(?!www\.w3\.org/2000/svg)", text);
            Assert.DoesNotContain("innerHTML", text);
            if (file.EndsWith(".html", StringComparison.Ordinal))
            {
                Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", text);
                Assert.DoesNotContain("style=", text);
            }
        }
        Assert.Equal("text/javascript", (await client.GetAsync("/ui/app.js")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheBarePathRedirectsToTheDashboardAndAnUnknownFileIsNotFound()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = fixture.App.Client().BaseAddress };
        var bare = await client.GetAsync("/ui");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/ui/", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ui/nothing-here.js")).StatusCode);
    }

    [Fact]
    public async Task ThePackagedAppServesTheDashboardBehindTheFunctionsHost()
    {
        await using var app = await PackagedApp.StartAsync(fixture.Database.ConnectionString);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/");
        request.Headers.Add("X-Forwarded-For", "203.0.113.202");
        request.Headers.Add("X-Forwarded-Host", "cairn-func.azurewebsites.net");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var page = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/ui/style.css")).StatusCode);
    }

    [Fact]
    public void OnAzureWebPubSubTheBrowserMayOpenASocketToTheServiceOnly()
    {
        var local = DashboardEndpoints.ContentSecurityPolicy(new PulseOptions());
        Assert.Contains("connect-src 'self';", local);
        var cloud = DashboardEndpoints.ContentSecurityPolicy(new PulseOptions
        {
            Provider = PulseProvider.AzureWebPubSub,
            ConnectionString = "Endpoint=https://cairn-pulse.webpubsub.azure.com;AccessKey=abc;Version=1.0;",
        });
        Assert.Contains("connect-src 'self' wss://cairn-pulse.webpubsub.azure.com;", cloud);
    }
}
