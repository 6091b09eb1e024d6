using Microsoft.Playwright;

namespace Cairn.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright for .NET, one browser for a test class. Playwright's own browser download
/// never runs: the executable is the system one (scripts/test installs it with apt; CAIRN_CHROMIUM overrides the path).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("CAIRN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string SkipReason => $"No chromium at {ExecutablePath}: scripts/test installs Debian's chromium package (apt-get install chromium).";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in CI has no user namespace sandbox; the rest keep chromium off the network this machine does not have.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh page (own storage, so a key in one test's sessionStorage is never another's) at the given width.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1440, int height = 900)
    {
        if (Browser is null)
        {
            Assert.Skip(SkipReason);
        }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary>Screenshots go beside the test reports: .cairn/test-results/screenshots/&lt;storage&gt;/&lt;name&gt;.png.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(Package.RepoRoot(), ".cairn", "test-results", "screenshots", StorageMode.IsCosmos ? "cosmos" : "postgres");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
