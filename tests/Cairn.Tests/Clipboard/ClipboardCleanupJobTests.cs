using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Clipboard;

public sealed class ClipboardCleanupJobTests(AppFixture fixture)
{
    private const string AdminKey = "clipboard-admin-key-0123456789abcdefghijklmnop";

    [Fact]
    public async Task TheCleanupJobDeletesExpiredEntriesAndTheirChunksButNothingLive()
    {
        StorageMode.RequirePostgresDocuments();
        var clock = new FakeClock();
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Admin:ApiKey"] = AdminKey }, clock);
        var (ownerId, key, _) = await app.RegisterAsync();
        using var client = app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "gone", value = new string('g', 1_500_000), ttl_seconds = 60 })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "kept", value = "k", ttl_seconds = 3600 })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(4, (await RawDocuments.PartitionAsync(fixture.Database, "clipboard", ownerId)).Count);
        clock.Advance(TimeSpan.FromMinutes(10)); // past the entry's TTL and its chunks' grace period

        using var admin = app.Client();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        var run = await (await admin.PostAsync("/api/v1/admin/jobs/clipboard-cleanup/run", null)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("succeeded", run.Str("status"));
        var left = Assert.Single(await RawDocuments.PartitionAsync(fixture.Database, "clipboard", ownerId));
        Assert.Contains("\"name\": \"kept\"", left);
        await (await client.GetAsync("/api/v1/clipboard/entry?name=kept")).JsonAsync(HttpStatusCode.OK);
    }
}
