using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Clipboard;

public sealed class ClipboardStackTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task PushingAssignsIncreasingIndicesAndPopReturnsTheNewest()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var first = await (await client.PostJsonAsync("/api/v1/clipboard/push", new { value = """{"step":1}""", content_type = "application/json" })).JsonAsync(HttpStatusCode.Created);
        var second = await PushAsync(client, "step 2");

        Assert.Equal(1, (long)first["idx"]!);
        Assert.Null(first["name"]);
        Assert.Equal(2, (long)second["idx"]!);
        var popped = await (await client.DeleteAsync("/api/v1/clipboard/pop")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("step 2", popped.Str("value"));
        Assert.Equal(2, (long)popped["idx"]!);
        var next = await (await client.DeleteAsync("/api/v1/clipboard/pop")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("""{"step":1}""", next.Str("value"));
        await (await client.DeleteAsync("/api/v1/clipboard/pop")).ProblemAsync(HttpStatusCode.NotFound, "stack_empty");
    }

    [Fact]
    public async Task AStackEntryIsReadAndDeletedByIndex()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        var pushed = await client.PostJsonAsync("/api/v1/clipboard/push", new { value = "kept" });
        Assert.Equal("/api/v1/clipboard/entry?idx=1", pushed.Headers.Location?.OriginalString);

        var read = await (await client.PostJsonAsync("/api/v1/clipboard/get", new { idx = 1 })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("kept", read.Str("value"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/v1/clipboard?idx=1")).StatusCode);
        await (await client.GetAsync("/api/v1/clipboard/entry?idx=1")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task IndicesAreNeverReusedAfterAPop()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        await PushAsync(client, "a");
        await PushAsync(client, "b");
        await (await client.DeleteAsync("/api/v1/clipboard/pop")).JsonAsync(HttpStatusCode.OK);

        var pushed = await PushAsync(client, "c");

        Assert.Equal(3, (long)pushed["idx"]!);
    }

    [Fact]
    public async Task NamedEntriesAreNotOnTheStack()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "named", value = "x" })).JsonAsync(HttpStatusCode.Created);

        await (await client.DeleteAsync("/api/v1/clipboard/pop")).ProblemAsync(HttpStatusCode.NotFound, "stack_empty");
    }

    [Fact]
    public async Task FiftyConcurrentPopsOfFiftyEntriesReturnFiftyDistinctEntries()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        for (var i = 1; i <= 50; i++)
        {
            await PushAsync(client, $"item-{i}");
        }

        var popped = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            (await (await RetryingContentionAsync(() => client.DeleteAsync("/api/v1/clipboard/pop"))).JsonAsync(HttpStatusCode.OK)).Str("value")));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"item-{i}").Order(), popped.Order());
        await (await client.DeleteAsync("/api/v1/clipboard/pop")).ProblemAsync(HttpStatusCode.NotFound, "stack_empty");
    }

    [Fact]
    public async Task ConcurrentPushesGetDistinctConsecutiveIndices()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var pushed = await Task.WhenAll(Enumerable.Range(1, 30).Select(async i =>
            await (await RetryingContentionAsync(() => client.PostJsonAsync("/api/v1/clipboard/push", new { value = $"p{i}" }))).JsonAsync(HttpStatusCode.Created)));

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), pushed.Select(p => (long)p["idx"]!).Order());
        foreach (var entry in pushed)
        {
            var read = await (await client.GetAsync($"/api/v1/clipboard/entry?idx={(long)entry["idx"]!}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(entry.Str("uuid"), read.Str("uuid"));
        }
    }

    [Fact]
    public async Task ConcurrentSetsOfOneNameLeaveExactlyOneWholeWinner()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        // Large enough that values are stored in chunks, so a torn write would show.
        var values = Enumerable.Range(0, 12).Select(i => new string((char)('a' + i), 20_000 + i)).ToList();

        var responses = await Task.WhenAll(values.Select(v => client.PostJsonAsync("/api/v1/clipboard", new { name = "contested", value = v })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        var final = await (await client.GetAsync("/api/v1/clipboard/entry?name=contested")).JsonAsync(HttpStatusCode.OK);
        var value = final.Str("value");
        Assert.Contains(value, values);
        Assert.Equal(value.Length, (long)final["size_bytes"]!);
        var list = await (await client.GetAsync("/api/v1/clipboard")).JsonAsync(HttpStatusCode.OK);
        Assert.Single(list["entries"]!.AsArray());
    }

    // Sends again after each 409 contention, as a client honouring its Retry-After would (without the wait).
    private static async Task<HttpResponseMessage> RetryingContentionAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 20)
            {
                return response;
            }
            await response.ProblemAsync(HttpStatusCode.Conflict, "contention");
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> PushAsync(HttpClient client, string value) =>
        await (await client.PostJsonAsync("/api/v1/clipboard/push", new { value })).JsonAsync(HttpStatusCode.Created);
}
