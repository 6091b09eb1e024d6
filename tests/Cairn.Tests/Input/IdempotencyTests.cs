using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Input;

// A retried create with the same Idempotency-Key gets the first answer and writes nothing, on one instance or several.
public sealed class IdempotencyTests(AppFixture fixture)
{
    private static HttpRequestMessage Post(string path, string json, string key) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        Headers = { { "Idempotency-Key", key } },
    };

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpClient client, string path, string json, string key)
    {
        var response = await client.SendAsync(Post(path, json, key));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static async Task<JsonArray> SessionsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK))["sessions"]!.AsArray();

    private async Task<HttpClient> ClientAsync(CairnApp? app = null)
    {
        app ??= fixture.App;
        return app.Client((await app.RegisterAsync()).Key);
    }

    [Fact]
    public async Task RepeatingACreateWithTheSameKeyReturnsTheFirstResponseAndWritesNothing()
    {
        var client = await ClientAsync();
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(client, "/api/v1/sessions", """{"topic": "Retried create"}""", key);
        var second = await SendAsync(client, "/api/v1/sessions", """{"topic": "Retried create"}""", key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Response.Headers.Location, second.Response.Headers.Location);
        Assert.True(second.Response.Headers.Contains("Idempotent-Replayed"));
        Assert.Single(await SessionsAsync(client));
    }

    [Fact]
    public async Task AppendingTheSameEntryTwiceWithOneKeyAddsOneEntry()
    {
        var client = await ClientAsync();
        var id = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Entries retried" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");
        var key = Guid.NewGuid().ToString();
        const string entry = """{"entry_type": "update", "content": {"text": "Only once."}}""";

        var first = await SendAsync(client, $"/api/v1/sessions/{id}/entries", entry, key);
        var second = await SendAsync(client, $"/api/v1/sessions/{id}/entries", entry, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Body, second.Body);
        var session = await (await client.GetAsync($"/api/v1/sessions/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int?)session["entry_count"]);
        Assert.Single(session["entries"]!.AsArray());
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsRefused()
    {
        var client = await ClientAsync();
        var key = Guid.NewGuid().ToString();
        await SendAsync(client, "/api/v1/sessions", """{"topic": "First body"}""", key);

        var problem = await (await client.SendAsync(Post("/api/v1/sessions", """{"topic": "Second body"}""", key))).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("different request", problem.FieldErrors("Idempotency-Key").Single());
        Assert.Single(await SessionsAsync(client));
    }

    [Fact]
    public async Task ConcurrentDuplicatesWriteOnce()
    {
        var client = await ClientAsync();
        var key = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync(client, "/api/v1/sessions", """{"topic": "Raced create"}""", key)));

        var created = results.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.All(created, r => Assert.Equal(created[0].Body, r.Body));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Contains("idempotency_in_progress", r.Body);
            Assert.NotNull(r.Response.Headers.RetryAfter);
        });
        Assert.Single(await SessionsAsync(client));
    }

    [Fact]
    public async Task KeysBelongToTheAgentThatSentThem()
    {
        var alice = await ClientAsync();
        var bob = await ClientAsync();
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(alice, "/api/v1/sessions", """{"topic": "Shared key"}""", key);
        var second = await SendAsync(bob, "/api/v1/sessions", """{"topic": "Shared key"}""", key);

        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.NotEqual(first.Body, second.Body);
        Assert.Single(await SessionsAsync(bob));
    }

    [Fact]
    public async Task ARefusedRequestLeavesItsKeyFreeForTheCorrectedOne()
    {
        var client = await ClientAsync();
        var key = Guid.NewGuid().ToString();

        var refused = await SendAsync(client, "/api/v1/sessions", """{"domain": "no topic"}""", key);
        var corrected = await SendAsync(client, "/api/v1/sessions", """{"topic": "Now with a topic"}""", key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(HttpStatusCode.Created, corrected.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    public async Task AnEmptyOrOverlongKeyIsRefused(int length)
    {
        var key = new string('k', length);
        var client = await ClientAsync();
        var request = Post("/api/v1/sessions", """{"topic": "Bad key"}""", "placeholder");
        request.Headers.Remove("Idempotency-Key");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var problem = await (await client.SendAsync(request)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.NotEmpty(problem.FieldErrors("Idempotency-Key"));
        Assert.Empty(await SessionsAsync(client));
    }

    [Fact]
    public async Task TheKeyHoldsAcrossInstancesAndExpiresAfterADay()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        await using var first = new CairnApp(fixture.Database, clock: clock);
        await using var second = new CairnApp(fixture.Database, clock: clock);
        var key = (await first.RegisterAsync()).Key;
        using var one = first.Client(key);
        using var two = second.Client(key);
        var idempotencyKey = Guid.NewGuid().ToString();

        var original = await SendAsync(one, "/api/v1/sessions", """{"topic": "Two instances"}""", idempotencyKey);
        var replayed = await SendAsync(two, "/api/v1/sessions", """{"topic": "Two instances"}""", idempotencyKey);
        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var afterADay = await SendAsync(two, "/api/v1/sessions", """{"topic": "Two instances"}""", idempotencyKey);

        Assert.Equal(original.Body, replayed.Body);
        Assert.Equal(HttpStatusCode.Created, afterADay.Status);
        Assert.NotEqual(original.Body, afterADay.Body);
        Assert.Equal(2, (await SessionsAsync(two)).Count);
    }
}
