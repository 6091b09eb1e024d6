using System.Diagnostics;
using Cairn.Tests.Support;

namespace Cairn.Tests.Mcp;

// The official TypeScript MCP SDK client (tests/mcp-client, installed by scripts/test) drives /mcp end to end:
// initialize, tools/list, the whole collective loop, the clipboard, isolation between agents, bad arguments, bad keys.
public sealed class TypeScriptClientTests(AppFixture fixture)
{
    private static readonly string ClientDir = Path.Combine(Package.RepoRoot(), "tests", "mcp-client");

    [Fact]
    public async Task TheOfficialTypeScriptClientRunsTheWholeScenarioThroughMcp()
    {
        Assert.True(File.Exists(Path.Combine(ClientDir, "node_modules", "@modelcontextprotocol", "sdk", "package.json")),
            "The TypeScript MCP SDK is not installed: run scripts/test, or `npm ci --prefix tests/mcp-client --ignore-scripts`.");
        var (_, keyA, _) = await fixture.App.RegisterAsync();
        var (_, keyB, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client();

        var (exitCode, output) = await RunNodeAsync("scenario.mjs", new()
        {
            ["CAIRN_MCP_URL"] = new Uri(client.BaseAddress!, "/mcp").ToString(),
            ["CAIRN_KEY_A"] = keyA,
            ["CAIRN_KEY_B"] = keyB,
        });

        Assert.True(exitCode == 0, $"scenario.mjs failed (exit {exitCode}):\n{output}");
        Assert.Contains("ok - no key or a bad key is refused", output);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", [script]) { WorkingDirectory = ClientDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 2 minutes:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }
}
