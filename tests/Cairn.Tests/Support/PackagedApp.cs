using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cairn.Tests.Support;

// The deployable package started the way the Functions host starts it: dotnet Cairn.Functions.dll with the package root
// as working directory and only FUNCTIONS_CUSTOMHANDLER_PORT (plus app settings) in the environment.
public sealed class PackagedApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PackagedApp(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    // settings: App settings (Cairn:Storage:Provider …), passed as environment variables the way app settings reach it.
    public static async Task<PackagedApp> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
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
        start.Environment["Cairn__Postgres__ConnectionString"] = connectionString;
        start.Environment["Cairn__Clipboard__EncryptionKeys"] = $"test={CairnApp.TestClipboardKey}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = new PackagedApp(Process.Start(start)!, port);
        await app.AwaitListeningAsync();
        return app;
    }

    private async Task AwaitListeningAsync()
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("exited"));
        void Collect(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
            if (line?.Contains($"Now listening on: http://127.0.0.1:{Port}", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        }
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            await DisposeAsync();
            Assert.Fail($"The packaged app did not start listening ({exception.Message}):\n{Output}");
        }
    }

    // SIGKILL (what Kill(bool) sends on Linux): no shutdown, requests in flight are cut off.
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
