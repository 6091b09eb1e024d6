using Cairn.Storage;

namespace Cairn.Tests.Storage;

public abstract partial class DocumentStoreConformance
{
    [Fact]
    public async Task CountingHonoursThePartitionAndEveryFilterButNotTheLimit()
    {
        var pk = NewKey();
        for (var i = 0; i < 7; i++)
        {
            await Store.CreateAsync(Main, pk, $"c{i}", new Thing($"n{i}", i, Flag: i % 2 == 0), null, Ct);
        }
        await Store.CreateAsync(Main, NewKey(), "elsewhere", new Thing("n0", 0, Flag: true), null, Ct);

        var all = await Store.CountAsync(new DocumentQuery(Main) { PartitionKey = pk, Limit = 2 }, Ct);
        var flagged = await Store.CountAsync(new DocumentQuery(Main) { PartitionKey = pk, Filters = [Filter.Eq("flag", true)], OrderBy = "n" }, Ct);
        var large = await Store.CountAsync(new DocumentQuery(Main) { PartitionKey = pk, Filters = [Filter.Compare("n", ComparisonOperator.GreaterThanOrEqual, 5)] }, Ct);

        Assert.Equal((7L, 4L, 2L), (all, flagged, large));
    }

    [Fact]
    public async Task CountingLeavesOutExpiredDocuments()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "a", new Thing("a"), new WriteOptions(TimeSpan.FromMinutes(1)), Ct);
        await Store.CreateAsync(Main, pk, "b", new Thing("b"), null, Ct);
        var query = new DocumentQuery(Main) { PartitionKey = pk };
        Assert.Equal(2L, await Store.CountAsync(query, Ct));

        Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1L, await Store.CountAsync(query, Ct));
    }

    [Fact]
    public async Task CountingAcrossPartitionsIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CountAsync(new DocumentQuery(Main) { Filters = [Filter.Eq("n", 1)] }, Ct));
    }
}
