using Cairn.Storage;

namespace Cairn.Tests.Storage;

public abstract partial class DocumentStoreConformance
{
    [Fact]
    public async Task AQueryOfSeveralPartitionsReadsThemAllAndNoOther()
    {
        string[] partitions = [NewKey(), NewKey(), NewKey()];
        for (var i = 0; i < 9; i++)
        {
            await Store.CreateAsync(Main, partitions[i % 3], $"x{i}", new Thing($"name-{i}", Flag: i % 2 == 0), null, Ct);
        }
        await Store.CreateAsync(Main, NewKey(), "x0", new Thing("elsewhere", Flag: true), null, Ct);
        await Store.CreateAsync(Other, partitions[0], "x9", new Thing("other container", Flag: true), null, Ct);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryAsync<Thing>(new DocumentQuery(Main)
            {
                PartitionKeys = [partitions[0], partitions[2]], Filters = [Filter.Eq("flag", true)], Limit = 2, ContinuationToken = token,
            }, Ct);
            seen.AddRange(page.Items.Select(d => d.Body.Name));
            token = page.ContinuationToken;
            Assert.True(++pages <= 4, "Paging did not end.");
        }
        while (token is not null);

        Assert.Equal(["name-0", "name-2", "name-6", "name-8"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AQueryOfNoPartitionsFindsNothingAndOneNamingBothKindsIsRefused()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "a", new Thing("a"), null, Ct);

        var none = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKeys = [] }, Ct);

        Assert.Empty(none.Items);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk, PartitionKeys = [pk] }, Ct));
        var tooMany = Enumerable.Range(0, DocumentQuery.MaxPartitionKeys + 1).Select(i => $"pk{i}").ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKeys = tooMany }, Ct));
    }
}
