using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Integrity;

// The packaged app, as the Functions host runs it, is killed with SIGKILL in the middle of a write load, several times.
// After a restart and one run of the counter reconciler, every write that was acknowledged is there and every counter
// equals its records.
public sealed class CrashTests : IAsyncLifetime
{
    private const int Kills = 3;
    private const int ReportersPerRound = 15;
    private const int Voters = 10;

    private readonly TestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task AcknowledgedWritesSurviveSigkillAndCountersEqualTheirRecordsAfterReconciling()
    {
        // A separate process: the test server's connection settings reach it as the emulator option.
        var settings = new Dictionary<string, string?>(StorageMode.Settings(_database.Name));
        if (StorageMode.IsCosmos)
        {
            settings["Cairn:Cosmos:Emulator"] = "true";
        }
        var app = await PackagedApp.StartAsync(_database.ConnectionString, settings);
        try
        {
            await LoadKillAndCheckAsync();
        }
        finally
        {
            // Whatever failed, no app process outlives the test.
            await app.DisposeAsync();
        }

        async Task LoadKillAndCheckAsync()
        {
            var author = await RegisterAsync(app.Client);
            var shortId = (await (await Send(app.Client, HttpMethod.Post, "/api/v1/experiences", author, new { goal = $"Crash target {Guid.NewGuid():N}", outcome = "success" }))
                .JsonAsync(HttpStatusCode.Created)).Str("short_id");
            await (await Send(app.Client, HttpMethod.Post, $"/api/v1/experiences/{shortId}/publish", author)).JsonAsync(HttpStatusCode.OK);
            var sessionId = (await (await Send(app.Client, HttpMethod.Post, "/api/v1/sessions", author, new { topic = "Crash journal" }))
                .JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
            var reporters = new List<string>();
            for (var i = 0; i < ReportersPerRound * Kills; i++)
            {
                reporters.Add(await RegisterAsync(app.Client));
            }
            var voters = new List<string>();
            for (var i = 0; i < Voters; i++)
            {
                voters.Add(await RegisterAsync(app.Client));
            }

            var ackedEntries = new HashSet<string>();
            var ackedOutcomes = new HashSet<string>();
            var unknownOutcomes = new HashSet<string>();
            var lostInFlight = 0;
            for (var round = 0; round < Kills; round++)
            {
                // Once about half of this round's outcome reports are acknowledged, SIGKILL (Process.Kill) with the rest in flight.
                var acks = 0;
                var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var stop = new CancellationTokenSource();
                void Acked()
                {
                    if (Interlocked.Increment(ref acks) == ReportersPerRound / 2)
                    {
                        loaded.TrySetResult();
                    }
                }
                var client = app.Client;
                var roundReporters = reporters.Skip(round * ReportersPerRound).Take(ReportersPerRound).ToList();
                var load = new List<Task>();
                for (var worker = 0; worker < 4; worker++)
                {
                    load.Add(Task.Run(async () =>
                    {
                        for (var n = 0; n < 30 && !stop.IsCancellationRequested; n++)
                        {
                            try
                            {
                                var response = await Send(client, HttpMethod.Post, $"/api/v1/sessions/{sessionId}/entries", author, new { entry_type = "note", content = new { text = $"round {round} note {n}" } });
                                if (response.StatusCode == HttpStatusCode.Created)
                                {
                                    var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!.Str("id");
                                    lock (ackedEntries)
                                    {
                                        ackedEntries.Add(id);
                                    }
                                }
                            }
                            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                            {
                                Interlocked.Increment(ref lostInFlight);
                                return;
                            }
                        }
                    }));
                }
                load.AddRange(roundReporters.Select((reporter, i) => Task.Run(async () =>
                {
                    try
                    {
                        var response = await Send(client, HttpMethod.Post, $"/api/v1/experiences/{shortId}/outcome", reporter, new { success = i % 3 != 0 });
                        if (response.IsSuccessStatusCode)
                        {
                            lock (ackedOutcomes)
                            {
                                ackedOutcomes.Add(reporter);
                            }
                            Acked();
                            return;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        Interlocked.Increment(ref lostInFlight);
                    }
                    lock (unknownOutcomes)
                    {
                        unknownOutcomes.Add(reporter);
                    }
                })));
                load.AddRange(voters.Select((voter, i) => Task.Run(async () =>
                {
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        try
                        {
                            await Send(client, HttpMethod.Post, $"/api/v1/experiences/{shortId}/vote", voter, new { vote_type = (n + i) % 2 == 0 ? "up" : "down" });
                        }
                        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                        {
                            Interlocked.Increment(ref lostInFlight);
                            return;
                        }
                    }
                })));

                // Or once every report of the round has its answer, whatever it was (a busy shared database may refuse some).
                var reports = load.Skip(4).Take(roundReporters.Count).ToList();
                await Task.WhenAny(loaded.Task, Task.WhenAll(reports)).WaitAsync(TimeSpan.FromSeconds(90));
                await app.KillAsync();
                stop.Cancel();
                await Task.WhenAll(load);
                await app.DisposeAsync();
                app = await PackagedApp.StartAsync(_database.ConnectionString, settings);
            }

            try
            {
                // A report whose answer was lost in the crash is sent again: 200 if it was not stored, 409 if it was.
                foreach (var reporter in unknownOutcomes)
                {
                    var again = await Send(app.Client, HttpMethod.Post, $"/api/v1/experiences/{shortId}/outcome", reporter, new { success = reporters.IndexOf(reporter) % ReportersPerRound % 3 != 0 });
                    Assert.True(again.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)again.StatusCode}: {await again.Content.ReadAsStringAsync()}");
                }
                var before = await (await app.Client.GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
                var run = await (await app.Client.PostAsync("/counter-reconciler", JsonContent.Create(new { Data = new { timer = new { IsPastDue = false } } }))).JsonAsync(HttpStatusCode.OK);

                var experience = await (await app.Client.GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
                var session = await (await Send(app.Client, HttpMethod.Get, $"/api/v1/sessions/{sessionId}", author)).JsonAsync(HttpStatusCode.OK);
                var stored = session["entries"]!.AsArray().Select(e => e.Str("id")).ToHashSet();
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"{Kills} SIGKILLs; {ackedEntries.Count} acknowledged entries, {stored.Count} stored; {ackedOutcomes.Count} acknowledged outcomes, " +
                    $"{unknownOutcomes.Count} unknown and re-sent; {lostInFlight} requests cut off; total_reports before reconciling {before["total_reports"]}, " +
                    $"votes {before["upvotes"]}/{before["downvotes"]}; reconciler: {string.Join(" ", run["Logs"]!.AsArray())}");

                Assert.Subset(stored, ackedEntries);
                Assert.Equal(stored.Count, (int)session["entry_count"]!);
                // Every reporter's outcome is stored exactly once now (acknowledged, or re-sent after the crash).
                Assert.Equal(reporters.Count, (int)experience["total_reports"]!);
                Assert.Equal(reporters.Select((_, i) => i % ReportersPerRound % 3 != 0).Count(s => s), (int)experience["success_count"]!);
                // Each voter has exactly one vote, whichever way it last landed.
                Assert.Equal(Voters, (int)experience["upvotes"]! + (int)experience["downvotes"]!);
                Assert.InRange((int)experience["upvotes"]!, 0, Voters);
            }
            finally
            {
                await app.DisposeAsync();
            }
        }
    }

    private static async Task<string> RegisterAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents/register")
        {
            Content = JsonContent.Create(new { name = "Crash Agent", username = $"crash-{Guid.NewGuid().ToString("N")[..12]}" }),
        };
        // Each registration appears to come from its own address, as the per-address limit expects of distinct agents.
        request.Headers.Add("X-Forwarded-For", ClientAddress.Unique());
        return (await (await client.SendAsync(request)).JsonAsync(HttpStatusCode.Created)).Str("api_key");
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request);
    }
}
