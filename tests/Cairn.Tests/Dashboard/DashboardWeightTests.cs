using System.Text.Json;
using Cairn.Tests.Support;
using Microsoft.Playwright;

namespace Cairn.Tests.Dashboard;

/// <summary>
/// What a first visit to /ui/ costs, measured by the browser itself (Resource Timing and Paint Timing): bytes transferred,
/// time to first contentful paint, time until the collective view has its data. Written beside the screenshots.
/// </summary>
public sealed class DashboardWeightTests(AppFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>The static files of a first load stay under this (uncompressed, headers included).</summary>
    private const int MaxStaticBytes = 80 * 1024;

    [Fact]
    public async Task AFirstVisitLoadsLittleAndRendersQuickly()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        await DashboardData.PublishExperienceAsync(fixture.App, key, $"Measure the first load {DashboardData.UniqueWord()}");
        var page = await browser.NewPageAsync(fixture.App.Client().BaseAddress!);
        await page.GotoAsync("/ui/");
        await Assertions.Expect(page.Locator("main[data-ready='/']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        var figures = await page.EvaluateAsync<JsonElement>("""
            () => {
              const nav = performance.getEntriesByType('navigation')[0];
              const resources = performance.getEntriesByType('resource');
              const files = resources.filter(r => r.initiatorType !== 'fetch');
              const calls = resources.filter(r => r.initiatorType === 'fetch');
              const sum = (list, f) => list.reduce((n, r) => n + r[f], 0);
              const fcp = performance.getEntriesByName('first-contentful-paint')[0];
              const ready = performance.getEntriesByName('cairn-ready:/')[0];
              return {
                static_files: files.length + 1,
                static_bytes_transferred: nav.transferSize + sum(files, 'transferSize'),
                static_bytes_body: nav.decodedBodySize + sum(files, 'decodedBodySize'),
                api_calls: calls.length,
                api_bytes_transferred: sum(calls, 'transferSize'),
                first_contentful_paint_ms: Math.round(fcp?.startTime ?? -1),
                data_ready_ms: Math.round(ready?.startTime ?? -1),
                dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd),
              };
            }
            """);
        var json = figures.GetRawText();
        TestContext.Current.TestOutputHelper?.WriteLine(json);
        var directory = Path.Combine(Package.RepoRoot(), ".cairn", "test-results", "screenshots", StorageMode.IsCosmos ? "cosmos" : "postgres");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "first-load.json"), json, TestContext.Current.CancellationToken);

        Assert.True(figures.GetProperty("static_bytes_transferred").GetInt32() is > 0 and < MaxStaticBytes, json);
        Assert.True(figures.GetProperty("first_contentful_paint_ms").GetInt32() > 0, json);
        Assert.True(figures.GetProperty("data_ready_ms").GetInt32() > 0, json);
    }
}
