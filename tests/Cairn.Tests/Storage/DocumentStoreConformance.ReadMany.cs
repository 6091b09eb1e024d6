using Cairn.Storage;

namespace Cairn.Tests.Storage;

public abstract partial class DocumentStoreConformance
{
    [Fact]
    public async Task ReadingManyReturnsTheDocumentsFoundInTheOrderAsked()
    {
        var (a, b, c) = (NewKey(), NewKey(), NewKey());
        var first = await Store.CreateAsync(Main, a, "x", new Thing("a-x", 1), null, Ct);
        await Store.CreateAsync(Main, b, "y", new Thing("b-y", 2), null, Ct);
        await Store.CreateAsync(Main, c, "x", new Thing("c-x", 3), null, Ct);

        var read = await Store.ReadManyAsync<Thing>(Main, [new(c, "x"), new(a, "x"), new(b, "y")], Ct);

        Assert.Equal(["c-x", "a-x", "b-y"], read.Select(d => d.Body.Name));
        Assert.Equal((a, "x", first.ETag), (read[1].PartitionKey, read[1].Id, read[1].ETag));
    }

    [Fact]
    public async Task ReadingManyLeavesOutMissingExpiredAndOtherContainersDocuments()
    {
        var (pk, other) = (NewKey(), NewKey());
        await Store.CreateAsync(Main, pk, "kept", new Thing("kept"), null, Ct);
        await Store.CreateAsync(Main, pk, "expiring", new Thing("expiring"), new WriteOptions(TimeSpan.FromMinutes(5)), Ct);
        await Store.CreateAsync(Other, other, "elsewhere", new Thing("elsewhere"), null, Ct);
        // Same partition key, wrong id; same id, wrong partition key.
        await Store.CreateAsync(Main, other, "kept", new Thing("not asked"), null, Ct);
        Clock.Advance(TimeSpan.FromMinutes(10));

        var read = await Store.ReadManyAsync<Thing>(Main, [new(pk, "missing"), new(pk, "expiring"), new(other, "elsewhere"), new(pk, "kept")], Ct);

        Assert.Equal(["kept"], read.Select(d => d.Body.Name));
    }

    [Fact]
    public async Task ReadingManyReadsAKeyGivenTwiceOnceAndNothingForNoKeys()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "a/b?c#d%e~f", new Thing("odd id"), null, Ct);

        var twice = await Store.ReadManyAsync<Thing>(Main, [new(pk, "a/b?c#d%e~f"), new(pk, "a/b?c#d%e~f")], Ct);

        Assert.Equal("a/b?c#d%e~f", Assert.Single(twice).Id);
        Assert.Empty(await Store.ReadManyAsync<Thing>(Main, [], Ct));
    }
}
