using System.Diagnostics;
using System.Globalization;
using Cairn.Pulse;
using Cairn.Tests.Pulse;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Benchmarks;

// Fan-out latency of the local hub: 200 agents on real loopback WebSockets, one push to everyone per round, latency =
// arrival at each client - the moment the push was handed to the dispatcher. Explicit: it runs only when asked (see
// docs/pulse.md for the command), never in the normal test run.
public sealed class PulseFanOutBenchmark(AppFixture fixture)
{
    private const int Clients = 200;
    private const int WarmupRounds = 20;
    private const int Rounds = 200;

    [Fact(Explicit = true)]
    public async Task FanOutOfOneEventTo200LocalWebsocketClients()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Agents:RegistrationsPerHour"] = "10000" });
        app.StartServer();
        var dispatcher = app.Services.GetRequiredService<PulseDispatcher>();
        var sockets = new List<PulseSocket>();
        foreach (var _ in Enumerable.Range(0, Clients))
        {
            sockets.Add((await PulseSocket.ConnectedAsync(app, (await app.RegisterAsync()).Key)).Socket);
        }

        var arrivals = new long[WarmupRounds + Rounds, Clients];
        var received = new int[WarmupRounds + Rounds];
        var roundDone = Enumerable.Range(0, WarmupRounds + Rounds).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var readers = sockets.Select((socket, client) => Task.Run(async () =>
        {
            for (var round = 0; round < WarmupRounds + Rounds; round++)
            {
                var data = await socket.ReceiveDataAsync();
                arrivals[round, client] = Stopwatch.GetTimestamp();
                var r = (int)data["event_data"]!["round"]!;
                Assert.Equal(round, r);
                if (Interlocked.Increment(ref received[r]) == Clients)
                {
                    roundDone[r].SetResult();
                }
            }
        })).ToList();

        var sent = new long[WarmupRounds + Rounds];
        for (var round = 0; round < WarmupRounds + Rounds; round++)
        {
            sent[round] = Stopwatch.GetTimestamp();
            Assert.Equal(PulseOutcome.Sent, await dispatcher.Enqueue(PulseTarget.All, Pushes.Message("fan_out", new { round })));
            await roundDone[round].Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        await Task.WhenAll(readers);

        var deliveries = new List<double>();
        var lastArrivals = new List<double>();
        for (var round = WarmupRounds; round < WarmupRounds + Rounds; round++)
        {
            var perClient = Enumerable.Range(0, Clients).Select(c => Stopwatch.GetElapsedTime(sent[round], arrivals[round, c]).TotalMilliseconds).ToList();
            deliveries.AddRange(perClient);
            lastArrivals.Add(perClient.Max());
        }
        Report($"{Clients} clients × {Rounds} rounds ({WarmupRounds} warm-up rounds not counted), {Environment.ProcessorCount} cores");
        Report($"per delivery:    p50 {P(deliveries, 50)} ms, p90 {P(deliveries, 90)} ms, p99 {P(deliveries, 99)} ms, max {P(deliveries, 100)} ms");
        Report($"whole fan-out:   p50 {P(lastArrivals, 50)} ms, p99 {P(lastArrivals, 99)} ms (until the last of {Clients} clients has it)");
        foreach (var socket in sockets)
        {
            await socket.DisposeAsync();
        }
    }

    private static string P(List<double> samples, int percentile)
    {
        var sorted = samples.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)].ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
