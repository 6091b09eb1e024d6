using System.Net;
using Cairn.Events.Webhooks;
using Cairn.Tests.Support;

namespace Cairn.Tests.Events;

/// <summary>Deliveries end to end: an event made over HTTP, the outbox, the dispatcher, a loopback receiver; on both storage backends.</summary>
public sealed class WebhookDeliveryTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>, IAsyncLifetime
{
    private CairnApp App => fixture.App;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task ADeliveryIsASignedStructuredCloudEvent()
    {
        var (_, key, username) = await App.RegisterAsync();
        var (_, secret) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);

        var sessionId = await App.OpenSessionAsync(key, "Signed webhook delivery", domain: "infrastructure", tools: ["postgresql"]);
        await fixture.DispatchAsync();
        var received = await _receiver.NextAsync();

        Assert.True(received.SignedWith(secret), $"The signature must verify: {received.Headers["webhook-signature"]}");
        Assert.StartsWith("application/cloudevents+json", received.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["webhook-timestamp"]);
        var cloudEvent = received.Json;
        Assert.Equal("1.0", (string?)cloudEvent["specversion"]);
        Assert.Equal(received.Headers["webhook-id"], (string?)cloudEvent["id"]);
        Assert.Equal("cairn.session.opened", (string?)cloudEvent["type"]);
        Assert.Equal("urn:cairn", (string?)cloudEvent["source"]);
        Assert.Equal($"sessions/{sessionId}", (string?)cloudEvent["subject"]);
        Assert.Equal("Signed webhook delivery", (string?)cloudEvent["data"]!["topic"]);
        Assert.Equal(username, (string?)cloudEvent["data"]!["owner"]!["username"]);
    }

    [Fact]
    public async Task ARetryAfterA500KeepsTheWebhookIdAndTheBody()
    {
        var (_, key, _) = await App.RegisterAsync();
        var (hookId, secret) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);
        _receiver.Respond(500);

        await App.OpenSessionAsync(key, "Retry keeps the id");
        await fixture.DispatchAsync();
        var first = await _receiver.NextAsync();
        var pending = (await App.DeliveriesAsync(key, hookId)).Single()!;
        Assert.Equal("pending", (string?)pending["status"]);
        Assert.Equal(fixture.Clock.GetUtcNow() + RetrySchedule.Delays[0], (DateTimeOffset)pending["next_attempt_at"]!);

        fixture.Clock.Advance(RetrySchedule.Delays[0]);
        await fixture.DispatchAsync();
        var second = await _receiver.NextAsync();

        Assert.Equal(first.Headers["webhook-id"], second.Headers["webhook-id"]);
        Assert.Equal(first.Body, second.Body);
        Assert.True(second.SignedWith(secret));
        var delivered = (await App.DeliveriesAsync(key, hookId)).Single()!;
        Assert.Equal("delivered", (string?)delivered["status"]);
        Assert.Equal(2, (int)delivered["attempt_count"]!);
        Assert.Equal([500, 200], delivered["attempts"]!.AsArray().Select(a => (int)a!["status_code"]!));
    }

    [Fact]
    public async Task AReceiverThatKeepsFailingIsRetriedOnTheScheduleThenDeadLettered()
    {
        var (_, key, _) = await App.RegisterAsync();
        var (hookId, _) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);
        _receiver.Respond(Enumerable.Repeat(503, 20).ToArray());
        await App.OpenSessionAsync(key, "Always failing receiver");
        var start = fixture.Clock.GetUtcNow();

        var waits = await FailUntilGivenUpAsync(key, hookId);

        Assert.Equal(RetrySchedule.Delays, waits);
        Assert.True(fixture.Clock.GetUtcNow() - start <= RetrySchedule.Window);
        var dead = (await App.DeliveriesAsync(key, hookId, "failed")).Single()!;
        Assert.Equal(RetrySchedule.Delays.Count + 1, (int)dead["attempt_count"]!);
        Assert.Equal("HTTP 503", (string?)dead["last_error"]);
        Assert.Equal(RetrySchedule.Delays.Count + 1, _receiver.Count);
        Assert.True((bool)(await App.WebhookAsync(key, hookId))["enabled"]!, "A day of failures is less than the fixture's two days.");
    }

    [Fact]
    public async Task ASubscriptionFailingForDaysIsDisabledAndSaysWhy()
    {
        var (_, key, _) = await App.RegisterAsync();
        var (hookId, _) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);
        _receiver.Respond(Enumerable.Repeat(500, 30).ToArray());
        await App.OpenSessionAsync(key, "Failing for days: first event");
        await FailUntilGivenUpAsync(key, hookId);

        // Two days after the first failure (the fixture's limit), the next event fails once more.
        fixture.Clock.Advance(TimeSpan.FromDays(2) - RetrySchedule.Delays.Aggregate(TimeSpan.Zero, (a, b) => a + b));
        await App.OpenSessionAsync(key, "Failing for days: second event");
        await fixture.DispatchAsync();
        await _receiver.NextAsync();

        var hook = await App.WebhookAsync(key, hookId);
        Assert.False((bool)hook["enabled"]!);
        Assert.Contains("HTTP 500", (string?)hook["disabled_reason"], StringComparison.Ordinal);
        // The second event's retry is given up on, not sent, while the subscription is off.
        fixture.Clock.Advance(RetrySchedule.Delays[0]);
        await fixture.DispatchAsync();
        Assert.Equal(RetrySchedule.Delays.Count + 2, _receiver.Count);
        var dead = (await App.DeliveriesAsync(key, hookId, "failed")).First()!;
        Assert.Contains("disabled", (string?)dead["last_error"], StringComparison.Ordinal);
        var redeliver = await App.Client(key).PostAsync($"/api/v1/webhooks/{hookId}/deliveries/{dead.Str("id")}/redeliver", null);
        await redeliver.ProblemAsync(HttpStatusCode.Conflict, "webhook_disabled");

        var enabled = await (await App.Client(key).PatchAsync($"/api/v1/webhooks/{hookId}", Json(new { enabled = true }))).JsonAsync(HttpStatusCode.OK);
        Assert.True((bool)enabled["enabled"]!);
        Assert.Null(enabled["disabled_reason"]);
        var again = await (await App.Client(key).PostAsync($"/api/v1/webhooks/{hookId}/deliveries/{dead.Str("id")}/redeliver", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", (string?)again["status"]);
        _receiver.ClearScript();
        await fixture.DispatchAsync();
        Assert.Equal(dead.Str("event_id"), (await _receiver.NextAsync()).Headers["webhook-id"]);
        Assert.Equal("delivered", (string?)(await App.DeliveriesAsync(key, hookId)).First(d => d.Str("id") == dead.Str("id"))!["status"]);
    }

    [Fact]
    public async Task EveryEventTypeIsEmittedWhereItHappens()
    {
        var (_, author, _) = await App.RegisterAsync();
        var (_, helper, _) = await App.RegisterAsync();
        await App.SubscribeAsync(author, _receiver.Url, [.. Cairn.Events.CairnEventTypes.All], new { domain = "event-sources" });
        var (allHook, _) = await App.SubscribeAsync(author, _receiver.Url, [.. Cairn.Events.CairnEventTypes.All]);

        var sessionId = await App.OpenSessionAsync(author, "Every event type", domain: "event-sources");
        (await App.Client(helper).PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute", new { content = new { text = "Mind the lock" }, contribution_type = "warning" })).EnsureSuccessStatusCode();
        (await App.Client(author).PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "gotcha", content = new { warning = "take the lock first" } })).EnsureSuccessStatusCode();
        var closed = await (await App.Client(author).PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);
        var shortId = closed["experience"].Str("short_id");
        (await App.Client(helper).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true })).EnsureSuccessStatusCode();
        (await App.Client(helper).PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "up" })).EnsureSuccessStatusCode();
        var engram = await (await App.Client(author).PostJsonAsync("/api/v1/engrams", new { statement = "Take the lock before migrating.", scope = "user:me", type = "procedural", status = "candidate" })).JsonAsync(HttpStatusCode.Created);
        (await App.Client(author).PostAsync($"/api/v1/engrams/{engram["engram"].Str("id")}/promote", null)).EnsureSuccessStatusCode();
        var memory = await (await App.Client(author).PostJsonAsync("/api/v1/memory/sessions", new { title = "event sources" })).JsonAsync(HttpStatusCode.Created);
        (await App.Client(author).PutAsync($"/api/v1/memory/sessions/{memory.Str("id")}", Json(new { status = "ended" }))).EnsureSuccessStatusCode();
        await fixture.DispatchAsync();

        var types = new List<string>();
        while (types.Count < Cairn.Events.CairnEventTypes.All.Count + 6)
        {
            types.Add((string)(await _receiver.NextAsync()).Json["type"]!);
        }
        // The unfiltered webhook gets all eight; the domain filter lets through the six about the session and its experience.
        Assert.Equal(Cairn.Events.CairnEventTypes.All.Order(), (await App.DeliveriesAsync(author, allHook)).Select(d => d.Str("event_type")).Order());
        Assert.Equal(14, _receiver.Count);
    }

    /// <summary>Dispatches the webhook's one delivery, moving the clock to each retry, until it is given up on; returns the waits.</summary>
    private async Task<List<TimeSpan>> FailUntilGivenUpAsync(string key, string hookId)
    {
        var waits = new List<TimeSpan>();
        await fixture.DispatchAsync();
        await _receiver.NextAsync();
        while ((await App.DeliveriesAsync(key, hookId, "pending")).SingleOrDefault() is { } pending)
        {
            var wait = (DateTimeOffset)pending["next_attempt_at"]! - fixture.Clock.GetUtcNow();
            waits.Add(wait);
            fixture.Clock.Advance(wait);
            await fixture.DispatchAsync();
            await _receiver.NextAsync();
        }
        return waits;
    }

    [Fact]
    public async Task FiltersChooseWhichSubscriptionsReceiveAnEvent()
    {
        var (_, key, _) = await App.RegisterAsync();
        await using var other = await WebhookReceiver.StartAsync();
        await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"], new { domain = "databases", tools = new[] { "PostgreSQL" } });
        await App.SubscribeAsync(key, other.Url, ["cairn.session.opened"], new { domain = "frontend" });

        await App.OpenSessionAsync(key, "Filtered: frontend only", domain: "frontend");
        await App.OpenSessionAsync(key, "Filtered: databases without the tool", domain: "databases", tools: ["mysql"]);
        await App.OpenSessionAsync(key, "Filtered: databases with the tool", domain: "databases", tools: ["postgresql", "pgbouncer"]);
        await fixture.DispatchAsync();

        Assert.Equal("Filtered: databases with the tool", (string?)(await _receiver.NextAsync()).Json["data"]!["topic"]);
        Assert.Equal("Filtered: frontend only", (string?)(await other.NextAsync()).Json["data"]!["topic"]);
        Assert.Equal((1, 1), (_receiver.Count, other.Count));
    }

    [Fact]
    public async Task PrivateContentReachesOnlyItsOwnersWebhooks()
    {
        var (_, watcher, _) = await App.RegisterAsync();
        var (_, author, _) = await App.RegisterAsync();
        await using var authors = await WebhookReceiver.StartAsync();
        var types = new[] { "cairn.session.opened", "cairn.session.closed", "cairn.experience.published" };
        await App.SubscribeAsync(watcher, _receiver.Url, types);
        await App.SubscribeAsync(author, authors.Url, types);

        var sessionId = await App.OpenSessionAsync(author, "A private investigation", visibility: "private");
        await App.Client(author).PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "gotcha", content = new { warning = "the private fix needs a restart" } });
        (await App.Client(author).PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).EnsureSuccessStatusCode();
        await fixture.DispatchAsync();

        var received = new[] { await authors.NextAsync(), await authors.NextAsync(), await authors.NextAsync() };
        Assert.Equal(types.Order(), received.Select(r => (string)r.Json["type"]!).Order());
        Assert.Equal(0, _receiver.Count);
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
