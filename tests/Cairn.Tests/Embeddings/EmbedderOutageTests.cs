using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cairn.Tests.Support;

namespace Cairn.Tests.Embeddings;

/// <summary>
/// An OpenAI-compatible embedder that refuses connections or never answers: a search answers 503 <c>embedder_unavailable</c>
/// with Retry-After within the query timeout, not a 500 after the document retries.
/// </summary>
public sealed class EmbedderOutageTests
{
    [Theory]
    [InlineData("refuses")]
    [InlineData("hangs")]
    public async Task ASearchWhileTheEmbedderIsDownAnswers503WithRetryAfterWithinTheQueryTimeout(string outage)
    {
        using var endpoint = new DeadEndpoint(hangs: outage == "hangs");
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var app = new CairnApp(database, new Dictionary<string, string?>
        {
            ["Cairn:Embeddings:Provider"] = "OpenAI",
            ["Cairn:Embeddings:OpenAI:Endpoint"] = endpoint.Url,
            ["Cairn:Embeddings:OpenAI:Model"] = "text-embedding-3-small",
            ["Cairn:Embeddings:OpenAI:Dimensions"] = "8",
            ["Cairn:Embeddings:OpenAI:QueryTimeout"] = "00:00:01",
        });
        var (_, key, _) = await app.RegisterAsync();

        var started = Stopwatch.GetTimestamp();
        var response = await app.Client(key).PostJsonAsync("/api/v1/experiences/search", new { query = "websocket connections drop behind nginx" });
        var elapsed = Stopwatch.GetElapsedTime(started);
        TestContext.Current.TestOutputHelper?.WriteLine($"{outage}: {(int)response.StatusCode} after {elapsed.TotalMilliseconds:F0} ms");

        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "embedder_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        // The document client's defaults (4 retries, 30 s) made this take from 12 s to minutes.
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"took {elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A port that refuses connections, or a listener that accepts them and never answers.</summary>
    private sealed class DeadEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private readonly CancellationTokenSource _stop = new();

        public DeadEndpoint(bool hangs)
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";
            if (hangs)
            {
                _ = HoldAsync();
            }
            else
            {
                _listener.Stop();
            }
        }

        public string Url { get; }

        private async Task HoldAsync()
        {
            try
            {
                while (true)
                {
                    _held.Add(await _listener.AcceptTcpClientAsync(_stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _held.ForEach(c => c.Dispose());
            _stop.Dispose();
        }
    }
}
