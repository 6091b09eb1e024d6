using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Hosting;

/// <summary>Starts the packaged app the way the Functions host does and sends it a forwarded request.</summary>
public sealed class PackagedAppTests(AppFixture fixture)
{
    [Fact]
    public async Task ThePackageHasHostJsonWithTheCustomHandlerAndACatchAllHttpFunction()
    {
        var package = await Package.DirectoryAsync();

        var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(package, "host.json")))!;
        var handler = host["customHandler"]!["description"]!;
        Assert.Equal("dotnet", (string?)handler["defaultExecutablePath"]);
        Assert.Equal("Cairn.Functions.dll", (string?)handler["arguments"]![0]);
        Assert.True(File.Exists(Path.Combine(package, "Cairn.Functions.dll")));
        Assert.Equal("", (string?)host["extensions"]!["http"]!["routePrefix"]);

        var trigger = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(package, "http", "function.json")))!["bindings"]![0]!;
        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal("{*path}", (string?)trigger["route"]);
        Assert.Equal("anonymous", (string?)trigger["authLevel"]);
    }

    [Fact]
    public async Task ThePackagedAppAnswersOnTheCustomHandlerPort()
    {
        var package = await Package.DirectoryAsync();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", ["Cairn.Functions.dll"])
        {
            WorkingDirectory = package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k is "URLS" or "DOTNET_URLS").ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Cairn__Postgres__ConnectionString"] = fixture.Database.ConnectionString;
        start.Environment["Cairn__Jobs__SchedulerEnabled"] = "false";

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("exited"));
        process.EnableRaisingEvents = true;
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) { output.AppendLine(e.Data); }
            if (e.Data?.Contains($"Now listening on: http://127.0.0.1:{port}", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await AwaitListeningAsync(listening.Task, output);

            // The host forwards the caller's request with its address in X-Forwarded-For.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents/register")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { name = "Packaged", username = $"pkg-{Guid.NewGuid():N}"[..24] }),
            };
            request.Headers.Add("X-Forwarded-For", "203.0.113.200");
            var registered = await (await client.SendAsync(request)).JsonAsync(HttpStatusCode.Created);
            Assert.StartsWith("cairn_live_", registered.Str("api_key"));

            var health = await (await client.GetAsync("/api/v1/health")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("healthy", health.Str("status"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task AwaitListeningAsync(Task listening, System.Text.StringBuilder output)
    {
        try
        {
            await listening.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"The packaged app did not start listening ({exception.Message}):\n{output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
