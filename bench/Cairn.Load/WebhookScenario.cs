using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Cairn.Load;

/// <summary>
/// Publish → receiver latency of webhooks: a receiver on loopback subscribes to cairn.session.opened, then each timed
/// iteration opens a public session and waits for its delivery. The app must run with Cairn__Webhooks__AllowPrivateNetworks=true.
/// </summary>
internal static class WebhookScenario
{
    public static async Task RunAsync(LoadOptions options, HttpClient agent)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var waiting = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        using var stop = new CancellationTokenSource();
        var receiving = ReceiveAsync(listener, waiting, stop.Token);

        var subscribed = await agent.PostAsync("/api/v1/webhooks", LoadHttp.Json(new { url = $"http://127.0.0.1:{port}/hook", types = new[] { "cairn.session.opened" } }));
        if (!subscribed.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Subscribing failed ({(int)subscribed.StatusCode}): {await subscribed.Content.ReadAsStringAsync()}");
        }
        var total = options.Warmup + options.Iterations;
        var endToEnd = new List<double>();
        var request = new List<double>();
        var afterAnswer = new List<double>();
        for (var i = 0; i < total; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var opened = await agent.PostAsync("/api/v1/sessions", LoadHttp.Json(new { topic = $"Webhook latency {i}", visibility = "public" }));
            var answered = Stopwatch.GetTimestamp();
            var body = await opened.Content.ReadAsStringAsync();
            var id = JsonDocument.Parse(body).RootElement.GetProperty("session").GetProperty("id").GetString()!;
            var received = await waiting.GetOrAdd($"sessions/{id}", _ => new TaskCompletionSource<long>()).Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= options.Warmup)
            {
                endToEnd.Add(Stopwatch.GetElapsedTime(started, received).TotalMilliseconds);
                request.Add(Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds);
                // Negative when the delivery arrived before the response did (the outbox write wakes the dispatcher mid-request).
                afterAnswer.Add((received - answered) * 1000.0 / Stopwatch.Frequency);
            }
        }
        await stop.CancelAsync();
        listener.Stop();
        Console.WriteLine("| measured | deliveries | p50 (ms) | p99 (ms) | mean (ms) |");
        Console.WriteLine("|---|---|---|---|---|");
        Row("POST /sessions answered", request);
        Row("event → receiver (from the request's start)", endToEnd);
        Row("receiver − response (publish → receipt beyond the request)", afterAnswer);
        await receiving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task ReceiveAsync(HttpListener listener, ConcurrentDictionary<string, TaskCompletionSource<long>> waiting, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var context = await listener.GetContextAsync().WaitAsync(cancellationToken);
            var at = Stopwatch.GetTimestamp();
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var subject = JsonDocument.Parse(await reader.ReadToEndAsync(cancellationToken)).RootElement.GetProperty("subject").GetString()!;
                waiting.GetOrAdd(subject, _ => new TaskCompletionSource<long>()).TrySetResult(at);
            }
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    private static void Row(string name, List<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        var measurement = new Measurement(sorted, TimeSpan.Zero);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {sorted.Length} | {measurement.Percentile(50):0.0} | {measurement.Percentile(99):0.0} | {sorted.Average():0.0} |"));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
