using Cairn.Storage;

namespace Cairn.Tests.Storage;

public abstract partial class DocumentStoreConformance
{
    [Fact]
    public async Task ReadingManyReturnsTheDocumentsThatExistInTheOrderAsked()
    {
        var (pk1, pk2) = (NewKey(), NewKey());
        var a = await Store.CreateAsync(Main, pk1, "a", new Thing("a1"), null, Ct);
        await Store.CreateAsync(Main, pk1, "b", new Thing("b1"), null, Ct);
        await Store.CreateAsync(Main, pk2, "a", new Thing("a2"), null, Ct);
        await Store.CreateAsync(Other, pk1, "c", new Thing("elsewhere"), null, Ct);

        var read = await Store.ReadManyAsync<Thing>(Main,
            [new(pk2, "a"), new(pk1, "missing"), new(pk1, "a"), new(pk1, "c"), new(NewKey(), "b"), new(pk1, "b"), new(pk2, "a")], Ct);

        Assert.Equal([(pk2, "a", "a2"), (pk1, "a", "a1"), (pk1, "b", "b1")], read.Select(d => (d.PartitionKey, d.Id, d.Body.Name)));
        Assert.Equal(a.ETag, read[1].ETag);
    }

    [Fact]
    public async Task ReadingManyLeavesOutExpiredDocumentsAndKeepsReservedCharactersInIds()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "short/lived", new Thing("short"), new WriteOptions(TimeSpan.FromMinutes(1)), Ct);
        await Store.CreateAsync(Main, pk, "kept?#100%", new Thing("kept"), null, Ct);
        Clock.Advance(TimeSpan.FromMinutes(2));

        var read = await Store.ReadManyAsync<Thing>(Main, [new(pk, "short/lived"), new(pk, "kept?#100%")], Ct);

        Assert.Equal(["kept?#100%"], read.Select(d => d.Id));
    }

    [Fact]
    public async Task ReadingManyOfNoKeysReadsNothingAndMoreThanABatchIsRefused()
    {
        Assert.Empty(await Store.ReadManyAsync<Thing>(Main, [], Ct));
        var tooMany = Enumerable.Range(0, DocumentKey.MaxBatch + 1).Select(i => new DocumentKey("pk", $"id{i}")).ToList();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ReadManyAsync<Thing>(Main, tooMany, Ct));
    }
}
