using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Clipboard;

public sealed class ClipboardExpiryTests(AppFixture fixture)
{
    [Fact]
    public async Task AnEntryLivesTwentyFourHoursByDefault()
    {
        var clock = new FakeClock();
        await using var app = new CairnApp(fixture.Database, clock: clock);
        var (_, key, _) = await app.RegisterAsync();
        using var client = app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "daily", value = "x" })).JsonAsync(HttpStatusCode.Created);

        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        await (await client.GetAsync("/api/v1/clipboard/entry?name=daily")).JsonAsync(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(1));

        await (await client.GetAsync("/api/v1/clipboard/entry?name=daily")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnExpiredEntryIsGoneFromGetListPopAndDelete()
    {
        var clock = new FakeClock();
        await using var app = new CairnApp(fixture.Database, clock: clock);
        var (_, key, _) = await app.RegisterAsync();
        using var client = app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "brief", value = "x", ttl_seconds = 60 })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "large", value = new string('L', 50_000), ttl_seconds = 60 })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "lasting", value = "y", ttl_seconds = 3600 })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard/push", new { value = "under", ttl_seconds = 3600 })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard/push", new { value = "fleeting", ttl_seconds = 60 })).JsonAsync(HttpStatusCode.Created);

        clock.Advance(TimeSpan.FromSeconds(61));

        await (await client.GetAsync("/api/v1/clipboard/entry?name=brief")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync("/api/v1/clipboard/entry?name=large")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync("/api/v1/clipboard?name=brief")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var list = await (await client.GetAsync("/api/v1/clipboard")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["under", "lasting"], list["entries"]!.AsArray().Select(e => (string?)e!["name"] ?? "under").ToList());
        var popped = await (await client.DeleteAsync("/api/v1/clipboard/pop")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("under", popped.Str("value"));
    }

    [Fact]
    public async Task SettingANameAgainAfterItExpiredCreatesAFreshEntry()
    {
        var clock = new FakeClock();
        await using var app = new CairnApp(fixture.Database, clock: clock);
        var (_, key, _) = await app.RegisterAsync();
        using var client = app.Client(key);
        var first = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "cycle", value = "old", ttl_seconds = 60 })).JsonAsync(HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromMinutes(2));

        var second = await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "cycle", value = "new" })).JsonAsync(HttpStatusCode.Created);

        Assert.NotEqual(first.Str("uuid"), second.Str("uuid"));
        Assert.Equal("new", (await (await client.GetAsync("/api/v1/clipboard/entry?name=cycle")).JsonAsync(HttpStatusCode.OK)).Str("value"));
    }
}
