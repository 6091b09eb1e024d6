using Cairn.Storage;

namespace Cairn.Tests.Storage;

public abstract partial class DocumentStoreConformance
{
    private static readonly WriteOptions OneHour = new(TimeSpan.FromHours(1));

    [Fact]
    public async Task ADocumentWithATimeToLiveLivesUntilItAndThenVanishesEverywhere()
    {
        var (pk, run) = (NewKey(), NewKey());
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("short-lived", Run: run), OneHour, Ct);
        await Store.CreateAsync(Main, pk, "keeper", new Thing("permanent", Run: run), null, Ct);

        Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await Store.ReadAsync<Thing>(Main, pk, "a", Ct));

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await Store.ReadAsync<Thing>(Main, pk, "a", Ct));
        var inPartition = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk }, Ct);
        Assert.Equal(["keeper"], inPartition.Items.Select(d => d.Id));
        var acrossPartitions = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { Filters = [Filter.Eq("run", run)], OrderBy = "name" }, Ct);
        Assert.Equal(["keeper"], acrossPartitions.Items.Select(d => d.Id));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Store.ReplaceAsync(Main, pk, "a", new Thing("again"), created.ETag, null, Ct));
        Assert.False(await Store.DeleteAsync(Main, pk, "a", null, Ct));
        Assert.False(await Store.DeleteAsync(Main, pk, "a", created.ETag, Ct));
    }

    [Fact]
    public async Task CreatingOverAnExpiredDocumentSucceeds()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "a", new Thing("old"), OneHour, Ct);
        Clock.Advance(TimeSpan.FromHours(2));

        var created = await Store.CreateAsync(Main, pk, "a", new Thing("new"), null, Ct);

        var read = await Store.ReadAsync<Thing>(Main, pk, "a", Ct);
        Assert.Equal(("new", created.ETag), (read!.Body.Name, read.ETag));
        Clock.Advance(TimeSpan.FromDays(30));
        Assert.NotNull(await Store.ReadAsync<Thing>(Main, pk, "a", Ct));
    }

    [Fact]
    public async Task WritingAgainResetsTheTimeToLive()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "extended", new Thing("v1"), OneHour, Ct);
        await Store.UpsertAsync(Main, pk, "cleared", new Thing("v1"), OneHour, Ct);
        Clock.Advance(TimeSpan.FromMinutes(50));

        await Store.ReplaceAsync(Main, pk, "extended", new Thing("v2"), created.ETag, OneHour, Ct);
        await Store.UpsertAsync(Main, pk, "cleared", new Thing("v2"), null, Ct);
        Clock.Advance(TimeSpan.FromMinutes(50));

        Assert.Equal("v2", (await Store.ReadAsync<Thing>(Main, pk, "extended", Ct))!.Body.Name);
        Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Null(await Store.ReadAsync<Thing>(Main, pk, "extended", Ct));
        Assert.NotNull(await Store.ReadAsync<Thing>(Main, pk, "cleared", Ct));
    }
}
