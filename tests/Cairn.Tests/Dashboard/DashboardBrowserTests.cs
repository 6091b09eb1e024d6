using System.Net;
using Cairn.Tests.Support;
using Microsoft.Playwright;

namespace Cairn.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium through Playwright) against the app on a real port: what a person
/// who runs agents does with it. Each test writes its screenshots to .cairn/test-results/screenshots/.
/// </summary>
public sealed class DashboardBrowserTests(AppFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private Uri BaseAddress => fixture.App.Client().BaseAddress!;

    [Fact]
    public async Task SearchingFindsAnExperienceAndItsPageShowsWhatWasLearned()
    {
        var word = DashboardData.UniqueWord();
        var (_, key, _) = await fixture.App.RegisterAsync();
        var shortId = await DashboardData.PublishExperienceAsync(fixture.App, key, $"Set up PostgreSQL replication {word}");
        var page = await browser.NewPageAsync(BaseAddress);
        var violations = WatchConsoleErrors(page);

        await page.GotoAsync("/ui/");
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync(word);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var result = page.GetByRole(AriaRole.Link, new() { Name = $"Set up PostgreSQL replication {word}" });
        await Assertions.Expect(result).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await BrowserFixture.ScreenshotAsync(page, "01-search-results-1440");

        await result.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Set up PostgreSQL replication {word}", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith($"#/x/{shortId}", page.Url);
        await Assertions.Expect(page.GetByText("Copying the data directory while the primary ran")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("pg_basebackup streams a consistent copy")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("pg_basebackup needs the REPLICATION role")).ToBeVisibleAsync();
        // The artifact is highlighted: its keywords and its comment are marked up separately.
        await Assertions.Expect(page.Locator("pre.code .tok-keyword", new() { HasText = "CREATE" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("pre.code .tok-comment")).ToHaveTextAsync("-- then pg_hba.conf");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Outcome reports and votes" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "02-experience-1440");
        Assert.Empty(violations);
    }

    [Fact]
    public async Task SigningInShowsTheInboxAndAnEventArrivesLiveWhenAnotherAgentContributes()
    {
        var (_, key, username) = await fixture.App.RegisterAsync();
        var (_, helperKey, helper) = await fixture.App.RegisterAsync();
        var sessionId = (await (await fixture.App.Client(key).PostJsonAsync("/api/v1/sessions",
            new { topic = "Tune autovacuum on a hot table", domain = "databases", visibility = "public" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");
        var page = await browser.NewPageAsync(BaseAddress);
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);

        await page.GotoAsync("/ui/");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync($"Signed in as {username}", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.GetByText("Tune autovacuum on a hot table")).ToBeVisibleAsync();
        // The socket is open (its 'connected' frame arrived) before the other agent acts, so the event can only come live.
        await Assertions.Expect(page.GetByTestId("pulse-state")).ToHaveTextAsync("live", new() { Timeout = (float)Wait.TotalMilliseconds });
        await BrowserFixture.ScreenshotAsync(page, "03-signed-in-1440");

        await (await fixture.App.Client(helperKey).PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute",
            new { content = new { text = "Lower autovacuum_vacuum_scale_factor for that table" }, contribution_type = "suggestion" })).JsonAsync(HttpStatusCode.Created);
        var arrived = page.Locator("ol.events li.fresh", new() { HasText = "Lower autovacuum_vacuum_scale_factor for that table" });
        await Assertions.Expect(arrived).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(arrived).ToContainTextAsync($"from {helper}");
        await Assertions.Expect(page.GetByTestId("unread")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "04-inbox-live-event-1440");

        Assert.Equal(key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('cairn.apiKey')"));
        Assert.DoesNotContain(urls, url => url.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeletingAMemoryAsksFirstAndRemovesIt()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var memoryId = await DashboardData.ObserveAsync(fixture.App, key, "We chose logical replication for the reporting copy");
        var page = await browser.NewPageAsync(BaseAddress);
        await SignInAsync(page, key);

        var memory = page.Locator($"li.memory[data-id='{memoryId}']");
        await Assertions.Expect(memory).ToContainTextAsync("logical replication", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(memory.Locator("[aria-current=step]")).ToHaveTextAsync("full");
        await BrowserFixture.ScreenshotAsync(page, "05-memories-1440");

        // Refusing the confirmation keeps it; accepting deletes it.
        page.Dialog += DismissOnce;
        await memory.GetByRole(AriaRole.Button, new() { NameRegex = new("^Delete memory") }).ClickAsync();
        await Assertions.Expect(memory).ToBeVisibleAsync();
        using (var client = fixture.App.Client(key))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/memory/{memoryId}")).StatusCode);
        }
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await memory.GetByRole(AriaRole.Button, new() { NameRegex = new("^Delete memory") }).ClickAsync();
        await Assertions.Expect(memory).ToHaveCountAsync(0, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.GetByText("Memory deleted")).ToBeVisibleAsync();
        using (var client = fixture.App.Client(key))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/memory/{memoryId}")).StatusCode);
        }

        void DismissOnce(object? sender, IDialog dialog)
        {
            page.Dialog -= DismissOnce;
            _ = dialog.DismissAsync();
        }
    }

    [Fact]
    public async Task TheAuthorEditsTheGoalAndAnotherAgentsReportDrawsTheQualityHistory()
    {
        var word = DashboardData.UniqueWord();
        var (_, author, _) = await fixture.App.RegisterAsync();
        var (_, reader, _) = await fixture.App.RegisterAsync();
        var shortId = await DashboardData.PublishExperienceAsync(fixture.App, author, $"Rotate keys {word}");

        var page = await browser.NewPageAsync(BaseAddress);
        await SignInAsync(page, author);
        await page.GotoAsync($"/ui/#/x/{shortId}");
        await page.GetByLabel("Goal", new() { Exact = true }).FillAsync($"Rotate signing keys without downtime {word}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save goal" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Rotate signing keys without downtime {word}", Level = 1 }))
            .ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        using (var client = fixture.App.Client())
        {
            var stored = await (await client.GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal($"Rotate signing keys without downtime {word}", stored.Str("goal"));
        }

        var other = await browser.NewPageAsync(BaseAddress);
        await SignInAsync(other, reader);
        await other.GotoAsync($"/ui/#/x/{shortId}");
        await Assertions.Expect(other.GetByText("No reports or votes yet, so no history.")).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await other.GetByRole(AriaRole.Button, new() { Name = "It worked" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Img, new() { Name = "Quality score over time" })).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(other.GetByTestId("quality")).Not.ToHaveTextAsync("0 %");
        await BrowserFixture.ScreenshotAsync(other, "09-quality-history-1440");
    }

    [Theory]
    [InlineData(375)]
    [InlineData(1440)]
    public async Task EveryViewFitsTheWidthAndEveryControlHasALabel(int width)
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        // A word longer than a phone is wide (a path, a stack frame) must wrap, not widen the page.
        var longWord = string.Concat(Enumerable.Repeat("unbreakable", 8));
        var shortId = await DashboardData.PublishExperienceAsync(fixture.App, key, $"Rotate TLS certificates {DashboardData.UniqueWord()} {longWord}");
        await DashboardData.ObserveAsync(fixture.App, key, "Certificates renew 30 days before expiry");
        var page = await browser.NewPageAsync(BaseAddress, width, 800);
        var violations = WatchConsoleErrors(page);

        await page.GotoAsync("/ui/");
        await WaitForViewAsync(page, "/");
        await CheckLayoutAsync(page, $"06-collective-{width}");
        await page.GotoAsync($"/ui/#/x/{shortId}");
        await WaitForViewAsync(page, $"/x/{shortId}");
        await CheckLayoutAsync(page, $"07-experience-{width}");
        await SignInAsync(page, key);
        await CheckLayoutAsync(page, $"08-my-agent-{width}");
        Assert.Empty(violations);
    }

    [Fact]
    public async Task TheKeyboardAloneReachesSearchAndOpensAResult()
    {
        var word = DashboardData.UniqueWord();
        var (_, key, _) = await fixture.App.RegisterAsync();
        await DashboardData.PublishExperienceAsync(fixture.App, key, $"Pin npm packages {word}");
        var page = await browser.NewPageAsync(BaseAddress);
        await page.GotoAsync("/ui/");
        await WaitForViewAsync(page, "/");

        // Tab order: skip link, brand, two nav links, the key field, sign in, then the search field.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        for (var i = 0; i < 6 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "q"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("q", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync(word);
        await page.Keyboard.PressAsync("Enter");
        var link = page.GetByRole(AriaRole.Link, new() { Name = $"Pin npm packages {word}" });
        await Assertions.Expect(link).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await link.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Pin npm packages {word}", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        if (!page.Url.Contains("/ui/", StringComparison.Ordinal))
        {
            await page.GotoAsync("/ui/");
        }
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForViewAsync(page, "/me");
    }

    private static Task WaitForViewAsync(IPage page, string view) =>
        Assertions.Expect(page.Locator($"main[data-ready='{view}']")).ToHaveCountAsync(1, new() { Timeout = (float)Wait.TotalMilliseconds });

    private static async Task CheckLayoutAsync(IPage page, string screenshot)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{screenshot}: the page is {overflow} px wider than the viewport.");
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, button, select, textarea, a[href]')]
              .filter(el => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim()))
              .map(el => el.outerHTML.slice(0, 80))
            """);
        Assert.True(unlabelled.Length == 0, $"{screenshot}: controls without a label: {string.Join(", ", unlabelled)}");
        await BrowserFixture.ScreenshotAsync(page, screenshot);
    }

    /// <summary>
    /// Console errors (where chromium reports a Content-Security-Policy violation or a failed load) and uncaught
    /// exceptions. The webhooks endpoint may answer 404 by design ("not available"), so its load is not one.
    /// </summary>
    private static List<string> WatchConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains("/api/v1/webhooks", StringComparison.Ordinal))
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        return errors;
    }
}
