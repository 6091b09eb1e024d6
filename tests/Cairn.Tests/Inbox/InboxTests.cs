using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Pulse;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Inbox;

public sealed class InboxTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task AContributionIsPushedOverTheWebSocketAndKeptInTheInboxAcrossARestart()
    {
        await using var app = new CairnApp(fixture.Database);
        var (_, ownerKey, _) = await app.RegisterAsync();
        var (_, helperKey, helperName) = await app.RegisterAsync();
        var sessionId = await OpenAsync(app.Client(ownerKey), "Tune autovacuum on a write-heavy table", "public");
        var (socket, _) = await PulseSocket.ConnectedAsync(app, ownerKey);
        await using var _socket = socket;

        var contribution = await (await app.Client(helperKey).PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute",
            new { content = new { text = "Lower autovacuum_vacuum_scale_factor for that table" }, contribution_type = "suggestion" })).JsonAsync(HttpStatusCode.Created);

        var pushed = await socket.ReceiveDataAsync();
        Assert.Equal("contribution_received", pushed.Str("event_type"));
        Assert.Equal(contribution.Str("id"), pushed["event_data"]!.Str("contribution_id"));
        Assert.Equal(helperName, pushed["event_data"]!["contributor"]!.Str("username"));
        var inbox = await InboxAsync(app.Client(ownerKey));
        var stored = Assert.Single(inbox["events"]!.AsArray(), e => e.Str("event_type") == "contribution_received")!;
        Assert.Equal(pushed.Str("id"), stored.Str("id"));
        Assert.False((bool)stored["is_read"]!);

        await app.DisposeAsync();
        await using var restarted = new CairnApp(fixture.Database);
        var afterRestart = await InboxAsync(restarted.Client(ownerKey));
        Assert.Contains(afterRestart["events"]!.AsArray(), e => e.Str("id") == stored.Str("id"));
    }

    [Fact]
    public async Task TheInboxNeedsAKey()
    {
        await (await _app.Client().GetAsync("/api/v1/pulse/inbox")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await _app.Client().PostJsonAsync("/api/v1/pulse/inbox/mark-read", new { mark_all = true })).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task RelatedAgentsHearOfPublicSessionsButNeverOfPrivateOnes()
    {
        var domain = $"domain-{Guid.NewGuid():N}"[..20];
        var (_, watcherKey, _) = await _app.RegisterAsync();
        var (_, workerKey, _) = await _app.RegisterAsync();
        var (_, strangerKey, _) = await _app.RegisterAsync();
        await OpenAsync(_app.Client(watcherKey), "Earlier work in this domain", "private", domain);
        await OpenAsync(_app.Client(strangerKey), "Unrelated work", "public", $"other-{domain}");
        var worker = _app.Client(workerKey);

        var privateId = await OpenAsync(worker, "Secret work", "private", domain);
        await (await worker.PostJsonAsync($"/api/v1/sessions/{privateId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);
        var publicId = await OpenAsync(worker, "Shared work", "public", domain);
        await (await worker.PostJsonAsync($"/api/v1/sessions/{publicId}/close", new { outcome = "partial" })).JsonAsync(HttpStatusCode.OK);

        var watcherEvents = (await InboxAsync(_app.Client(watcherKey)))["events"]!.AsArray();
        Assert.Equal(["session_closed", "session_opened"], watcherEvents.Select(e => e.Str("event_type")));
        Assert.All(watcherEvents, e => Assert.Equal(publicId, e!["event_data"]!.Str("session_id")));
        Assert.Empty((await InboxAsync(_app.Client(strangerKey)))["events"]!.AsArray());
        Assert.DoesNotContain((await InboxAsync(worker))["events"]!.AsArray(), e => e!["event_data"]!.Str("session_id") == privateId);
    }

    [Fact]
    public async Task AuthorsHearOfOutcomesAndVotes()
    {
        var (_, authorKey, _) = await _app.RegisterAsync();
        var (_, readerKey, readerName) = await _app.RegisterAsync();
        var author = _app.Client(authorKey);
        var shortId = (await (await author.PostJsonAsync("/api/v1/experiences", new { goal = "Rated work" })).JsonAsync(HttpStatusCode.Created)).Str("short_id");
        await (await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        var reader = _app.Client(readerKey);

        await (await reader.PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true })).JsonAsync(HttpStatusCode.OK);
        await (await reader.PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "up" })).JsonAsync(HttpStatusCode.OK);

        var events = (await InboxAsync(author))["events"]!.AsArray();
        Assert.Equal(["vote_received", "outcome_reported"], events.Select(e => e.Str("event_type")));
        Assert.Equal(readerName, events[1]!["event_data"]!["reporter"]!.Str("username"));
        Assert.True((bool)events[1]!["event_data"]!["success"]!);
        Assert.Equal("up", events[0]!["event_data"]!.Str("vote_type"));
    }

    [Fact]
    public async Task MarkingReadByIdsAndAllKeepsTheUnreadCountRight()
    {
        var (ownerKey, events) = await InboxWithContributionsAsync(5);
        var owner = _app.Client(ownerKey);
        var ids = events.Select(e => e.Str("id")).ToList();
        Assert.Equal(5, (int)(await InboxAsync(owner))["unread_count"]!);

        var marked = await (await owner.PostJsonAsync("/api/v1/pulse/inbox/mark-read", new { event_ids = ids.Take(2).Append(Guid.NewGuid().ToString()) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, 3), ((int)marked["marked"]!, (int)marked["unread_count"]!));
        var unread = await (await owner.GetAsync("/api/v1/pulse/inbox?unread_only=true")).JsonAsync(HttpStatusCode.OK);
        var unreadIds = unread["events"]!.AsArray().Select(e => e.Str("id")).ToList();
        Assert.True(ids.Skip(2).Order(StringComparer.Ordinal).SequenceEqual(unreadIds.Order(StringComparer.Ordinal)), $"all {string.Join(",", ids)} unread {string.Join(",", unreadIds)}");
        Assert.True((bool)unread["has_activity"]!);

        var all = await (await owner.PostJsonAsync("/api/v1/pulse/inbox/mark-read", new { mark_all = true })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((3, 0), ((int)all["marked"]!, (int)all["unread_count"]!));
        var after = await InboxAsync(owner);
        Assert.False((bool)after["has_activity"]!);
        Assert.All(after["events"]!.AsArray(), e => Assert.True((bool)e!["is_read"]!));
    }

    [Fact]
    public async Task UnreadOnlyPagesReachOldUnreadEventsBehindNewerReadOnesAndTheCountFollowsNewEvents()
    {
        var (ownerKey, events) = await InboxWithContributionsAsync(7);
        var owner = _app.Client(ownerKey);
        var ids = events.Select(e => e.Str("id")).ToList();
        await (await owner.PostJsonAsync("/api/v1/pulse/inbox/mark-read", new { event_ids = ids.Skip(3) })).JsonAsync(HttpStatusCode.OK);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await owner.GetAsync($"/api/v1/pulse/inbox?unread_only=true&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(3, (int)page["unread_count"]!);
            seen.AddRange(page["events"]!.AsArray().Select(e => e.Str("id")));
            cursor = (string?)page["next_cursor"];
        }
        while (cursor is not null);
        Assert.Equal(ids.Take(3).Reverse(), seen);

        await (await owner.PostJsonAsync("/api/v1/pulse/inbox/mark-read", new { mark_all = true })).JsonAsync(HttpStatusCode.OK);
        var sessionId = (await InboxAsync(owner))["events"]![0]!["event_data"]!.Str("session_id");
        var (_, helperKey, _) = await _app.RegisterAsync();
        await (await _app.Client(helperKey).PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute", new { content = new { text = "one more" }, contribution_type = "suggestion" })).JsonAsync(HttpStatusCode.Created);
        var after = await InboxAsync(owner);
        Assert.Equal(1, (int)after["unread_count"]!);
        Assert.False((bool)after["events"]![0]!["is_read"]!);
    }

    [Fact]
    public async Task AnotherAgentCannotMarkYourEvents()
    {
        var (ownerKey, events) = await InboxWithContributionsAsync(1);
        var (_, strangerKey, _) = await _app.RegisterAsync();

        var marked = await (await _app.Client(strangerKey).PostJsonAsync("/api/v1/pulse/inbox/mark-read", new { event_ids = new[] { events[0].Str("id") } })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, (int)marked["marked"]!);
        Assert.Equal(1, (int)(await InboxAsync(_app.Client(ownerKey)))["unread_count"]!);
    }

    [Fact]
    public async Task PagingIsNewestFirstAndStable()
    {
        var (ownerKey, events) = await InboxWithContributionsAsync(7);
        var owner = _app.Client(ownerKey);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await owner.GetAsync($"/api/v1/pulse/inbox?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}")).JsonAsync(HttpStatusCode.OK);
            seen.AddRange(page["events"]!.AsArray().Select(e => e.Str("id")));
            cursor = (string?)page["next_cursor"];
        }
        while (cursor is not null);

        Assert.Equal(events.Select(e => e.Str("id")).Reverse(), seen);
    }

    [Theory]
    [InlineData("{}", "event_ids")]
    [InlineData("""{"event_ids": []}""", "event_ids")]
    [InlineData("""{"event_ids": ["not-a-uuid"]}""", "event_ids[0]")]
    [InlineData("""{"mark_all": "yes"}""", "mark_all")]
    public async Task BadMarkReadRequestsNameTheField(string body, string field)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var response = await _app.Client(key).PostRawAsync("/api/v1/pulse/inbox/mark-read", body);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"got {(int)response.StatusCode}");
        var problem = await response.JsonAsync(response.StatusCode);
        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task AnExpiredEventLeavesTheUnreadCountAtOnce()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var app = new CairnApp(database, clock: clock);
        var (_, ownerKey, _) = await app.RegisterAsync();
        var (_, helperKey, _) = await app.RegisterAsync();
        var sessionId = await OpenAsync(app.Client(ownerKey), "Retention of unread events", "public");
        async Task ContributeAsync(string text) => await (await app.Client(helperKey).PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute",
            new { content = new { text }, contribution_type = "reference" })).JsonAsync(HttpStatusCode.Created);

        await ContributeAsync("older");
        clock.Advance(TimeSpan.FromDays(1));
        await ContributeAsync("newer");
        Assert.Equal(2, (int)(await InboxAsync(app.Client(ownerKey)))["unread_count"]!);
        clock.Advance(TimeSpan.FromDays(29) + TimeSpan.FromSeconds(1));

        var inbox = await InboxAsync(app.Client(ownerKey));
        var unreadOnly = await (await app.Client(ownerKey).GetAsync("/api/v1/pulse/inbox?unread_only=true")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)inbox["unread_count"]!);
        Assert.Equal("newer", Assert.Single(inbox["events"]!.AsArray())!["event_data"]!["content"]!.Str("text"));
        Assert.Single(unreadOnly["events"]!.AsArray());
    }

    [Fact]
    public async Task EventsExpireAfterTheRetentionPeriodAndTheJobRemovesThem()
    {
        StorageMode.RequirePostgresDocuments();
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var app = new CairnApp(database, clock: clock);
        var (_, ownerKey, _) = await app.RegisterAsync();
        var (_, helperKey, _) = await app.RegisterAsync();
        var sessionId = await OpenAsync(app.Client(ownerKey), "Retention", "public");
        await (await app.Client(helperKey).PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute", new { content = new { text = "hi" }, contribution_type = "reference" })).JsonAsync(HttpStatusCode.Created);

        clock.Advance(TimeSpan.FromDays(29));
        Assert.Single((await InboxAsync(app.Client(ownerKey)))["events"]!.AsArray());
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Empty((await InboxAsync(app.Client(ownerKey)))["events"]!.AsArray());

        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        async Task<long> StoredAsync() => (long)(await new Npgsql.NpgsqlCommand("select count(*) from documents where container = 'inbox'", connection).ExecuteScalarAsync())!;
        Assert.Equal(1L, await StoredAsync());
        var job = app.Services.GetRequiredService<Cairn.Jobs.JobRegistry>().Find("inbox-cleanup")!;
        await app.Services.GetRequiredService<Cairn.Jobs.JobRunner>().RunAsync(job, Cairn.Jobs.JobTrigger.Admin, isPastDue: false, TestContext.Current.CancellationToken);
        Assert.Equal(0L, await StoredAsync());
    }

    private async Task<(string OwnerKey, List<JsonNode> Events)> InboxWithContributionsAsync(int count)
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, helperKey, _) = await _app.RegisterAsync();
        var sessionId = await OpenAsync(_app.Client(ownerKey), "Busy session", "public");
        for (var i = 0; i < count; i++)
        {
            await (await _app.Client(helperKey).PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute", new { content = new { text = $"idea {i}" }, contribution_type = "suggestion" })).JsonAsync(HttpStatusCode.Created);
        }
        var events = (await InboxAsync(_app.Client(ownerKey)))["events"]!.AsArray().Select(e => e!).Reverse().ToList();
        Assert.Equal(count, events.Count);
        return (ownerKey, events);
    }

    private static async Task<string> OpenAsync(HttpClient client, string topic, string visibility, string? domain = null) =>
        (await (await client.PostJsonAsync("/api/v1/sessions", new { topic, visibility, domain })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");

    private static async Task<JsonObject> InboxAsync(HttpClient client) =>
        await (await client.GetAsync("/api/v1/pulse/inbox")).JsonAsync(HttpStatusCode.OK);
}
