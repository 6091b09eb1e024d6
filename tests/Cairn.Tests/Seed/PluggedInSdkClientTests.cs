using System.Diagnostics;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// The official TypeScript MCP SDK client (tests/mcp-client/pluggedin.mjs) against /mcp?toolsets=pluggedin, as a
// plugged.in client.
public sealed class PluggedInSdkClientTests(AppFixture fixture)
{
    private static readonly string ClientDir = Path.Combine(Package.RepoRoot(), "tests", "mcp-client");

    [Fact]
    public async Task TheOfficialTypeScriptClientUsesThePluggedInToolsetUnchanged()
    {
        Assert.True(File.Exists(Path.Combine(ClientDir, "node_modules", "@modelcontextprotocol", "sdk", "package.json")),
            "The TypeScript MCP SDK is not installed: run scripts/test, or `npm ci --prefix tests/mcp-client --ignore-scripts`.");
        var (_, key, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client();
        var start = new ProcessStartInfo("node", ["pluggedin.mjs"]) { WorkingDirectory = ClientDir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CAIRN_MCP_URL"] = new Uri(client.BaseAddress!, "/mcp?toolsets=pluggedin").ToString();
        start.Environment["CAIRN_KEY_A"] = key;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = $"{await stdout}\n{await stderr}";

        Assert.True(process.ExitCode == 0, $"pluggedin.mjs failed (exit {process.ExitCode}):\n{output}");
        Assert.Contains("ok - tools/list with toolsets=pluggedin: exactly the thirteen plugged.in tools", output);
        Assert.Contains("ok - collective best practices", output);
    }
}
