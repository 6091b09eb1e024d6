using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Events;

/// <summary>POST /api/v1/events applies one agent's event (source + id) once per window; repeats get the first result back.</summary>
public sealed class InboundEventDeduplicationTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>
{
    private CairnApp App => fixture.App;

    [Fact]
    public async Task ARepeatedEventIsAcknowledgedWithTheFirstResultAndRecordedOnce()
    {
        var (key, sessionId) = await SessionAsync();
        var body = Observation("run-7", "urn:ci:pipeline", sessionId);

        var first = await (await App.Client(key).PostAsync("/api/v1/events", Structured(body))).JsonAsync(HttpStatusCode.OK);
        var again = await (await App.Client(key).PostAsync("/api/v1/events", Structured(body))).JsonAsync(HttpStatusCode.OK);

        Assert.False((bool)first["duplicate"]!);
        Assert.True((bool)again["duplicate"]!);
        Assert.Equal(first["result"].Str("id"), again["result"].Str("id"));
        Assert.Equal(1, await ObservationCountAsync(key, sessionId));
    }

    [Fact]
    public async Task TheSameIdFromAnotherSourceOrAnotherAgentIsANewEvent()
    {
        var (key, sessionId) = await SessionAsync();
        var (otherKey, otherSession) = await SessionAsync();

        await (await App.Client(key).PostAsync("/api/v1/events", Structured(Observation("run-8", "urn:ci:a", sessionId)))).JsonAsync(HttpStatusCode.OK);
        var otherSource = await (await App.Client(key).PostAsync("/api/v1/events", Structured(Observation("run-8", "urn:ci:b", sessionId)))).JsonAsync(HttpStatusCode.OK);
        var otherAgent = await (await App.Client(otherKey).PostAsync("/api/v1/events", Structured(Observation("run-8", "urn:ci:a", otherSession)))).JsonAsync(HttpStatusCode.OK);

        Assert.False((bool)otherSource["duplicate"]!);
        Assert.False((bool)otherAgent["duplicate"]!);
        Assert.Equal(2, await ObservationCountAsync(key, sessionId));
        Assert.Equal(1, await ObservationCountAsync(otherKey, otherSession));
    }

    [Fact]
    public async Task ConcurrentDuplicatesAreAppliedOnceAndTheOthersAskForARetry()
    {
        var (key, sessionId) = await SessionAsync();
        var body = Observation($"burst-{Guid.NewGuid():N}", "urn:ci:burst", sessionId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => App.Client(key).PostAsync("/api/v1/events", Structured(body))));

        var applied = new List<JsonNode>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                applied.Add(await response.JsonAsync(HttpStatusCode.OK));
            }
            else
            {
                await response.ProblemAsync(HttpStatusCode.Conflict, "event_in_progress");
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        Assert.Single(applied, a => !(bool)a["duplicate"]!);
        var winner = applied.Single(a => !(bool)a["duplicate"]!)["result"].Str("id");
        Assert.All(applied, a => Assert.Equal(winner, a["result"].Str("id")));
        var retried = await (await App.Client(key).PostAsync("/api/v1/events", Structured(body))).JsonAsync(HttpStatusCode.OK);
        Assert.True((bool)retried["duplicate"]!);
        Assert.Equal(winner, retried["result"].Str("id"));
        Assert.Equal(1, await ObservationCountAsync(key, sessionId));
    }

    [Fact]
    public async Task AnEventThatFailedIsAppliedWhenSentAgain()
    {
        var (key, sessionId) = await SessionAsync();
        var bad = Observation("run-9", "urn:ci:pipeline", sessionId).Replace("\"lesson\"", "\"lessons\"", StringComparison.Ordinal);

        await (await App.Client(key).PostAsync("/api/v1/events", Structured(bad))).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var fixedUp = await (await App.Client(key).PostAsync("/api/v1/events", Structured(Observation("run-9", "urn:ci:pipeline", sessionId)))).JsonAsync(HttpStatusCode.OK);

        Assert.False((bool)fixedUp["duplicate"]!);
        Assert.Equal(1, await ObservationCountAsync(key, sessionId));
    }

    [Fact]
    public async Task AfterTheWindowTheSameEventIsAppliedAgain()
    {
        var (key, sessionId) = await SessionAsync();
        var body = Observation($"late-{Guid.NewGuid():N}", "urn:ci:pipeline", sessionId);
        await (await App.Client(key).PostAsync("/api/v1/events", Structured(body))).JsonAsync(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        var within = await (await App.Client(key).PostAsync("/api/v1/events", Structured(body))).JsonAsync(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await (await App.Client(key).PostAsync("/api/v1/events", Structured(body))).JsonAsync(HttpStatusCode.OK);

        Assert.True((bool)within["duplicate"]!);
        Assert.False((bool)after["duplicate"]!);
        Assert.Equal(2, await ObservationCountAsync(key, sessionId));
    }

    private async Task<(string Key, string SessionId)> SessionAsync()
    {
        var (_, key, _) = await App.RegisterAsync();
        var session = await (await App.Client(key).PostJsonAsync("/api/v1/memory/sessions", new { title = "pipeline run" })).JsonAsync(HttpStatusCode.Created);
        return (key, session.Str("id"));
    }

    private async Task<int> ObservationCountAsync(string key, string sessionId) =>
        (int)(await (await App.Client(key).GetAsync($"/api/v1/memory/sessions/{sessionId}")).JsonAsync(HttpStatusCode.OK))["observation_count"]!;

    private static string Observation(string id, string source, string sessionId) => $$$"""
        {"specversion":"1.0","id":"{{{id}}}","source":"{{{source}}}","type":"cairn.memory.observation",
         "data":{"session_id":"{{{sessionId}}}","content":"The deploy step needs the migration lock released first.","type":"lesson"}}
        """;

    private static StringContent Structured(string json) =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/cloudevents+json"));
}
