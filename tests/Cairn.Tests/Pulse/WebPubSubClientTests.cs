using System.Diagnostics;
using Cairn.Tests.Support;

namespace Cairn.Tests.Pulse;

// The real Azure Web PubSub client (npm @azure/web-pubsub-client 1.1.0, tests/pubsub-client, installed by scripts/test)
// against the local pulse, unchanged: connect through negotiate, join a topic group and get a session opened there, get
// a push to the agent, lose the socket on key rotation and reconnect with the new key, old token refused.
public sealed class WebPubSubClientTests(AppFixture fixture)
{
    private static readonly string ClientDir = Path.Combine(Package.RepoRoot(), "tests", "pubsub-client");

    [Fact]
    public Task TheRealClientWorksWithItsDefaultOptions() => RunScenarioAsync("reliable");

    [Fact]
    public Task TheRealClientWorksWithTheJsonProtocol() => RunScenarioAsync("json");

    private async Task RunScenarioAsync(string protocol)
    {
        Assert.True(File.Exists(Path.Combine(ClientDir, "node_modules", "@azure", "web-pubsub-client", "package.json")),
            "The Web PubSub client is not installed: run scripts/test, or `npm ci --prefix tests/pubsub-client --ignore-scripts`.");
        var (_, keyA, _) = await fixture.App.RegisterAsync();
        var (_, keyB, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client();

        var start = new ProcessStartInfo("node", ["scenario.mjs"]) { WorkingDirectory = ClientDir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CAIRN_BASE_URL"] = client.BaseAddress!.ToString();
        start.Environment["CAIRN_KEY_A"] = keyA;
        start.Environment["CAIRN_KEY_B"] = keyB;
        start.Environment["CAIRN_PROTOCOL"] = protocol;
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
        }
        var output = $"{await stdout}\n{await stderr}";

        Assert.True(process.HasExited && process.ExitCode == 0, $"scenario.mjs ({protocol}) failed:\n{output}");
        Assert.Contains("ok - session_opened arrived through the topic group", output);
        Assert.Contains("ok - rotation closed the socket", output);
        Assert.Contains("ok - a token negotiated before the rotation is refused (401)", output);
        Assert.Contains("ok - all steps passed", output);
    }
}
