using Cairn.Storage;

namespace Cairn.Tests.Storage;

public abstract partial class DocumentStoreConformance
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    // Five documents in one fresh partition: a(1) b(2) c(2) d(3) e(null note, 4).
    private async Task<string> SeedAsync()
    {
        var pk = NewKey();
        Thing[] things =
        [
            new("a", 1, true, "red", Noon.AddHours(-2), ["x", "y"]),
            new("b", 2, false, "blue", Noon.AddHours(-1), ["y"]),
            new("c", 2, true, "red", Noon, []),
            new("d", 3, false, "green", Noon.AddHours(1), ["z"]),
            new("e", 4, false, null, Noon.AddHours(2), ["x"]),
        ];
        foreach (var thing in things)
        {
            await Store.CreateAsync(Main, pk, thing.Name, thing, null, Ct);
        }
        await Store.CreateAsync(Main, NewKey(), "a", new Thing("elsewhere", 1, true, "red"), null, Ct);
        return pk;
    }

    private async Task<List<string>> IdsAsync(string pk, params Filter[] filters)
    {
        var page = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk, Filters = filters }, Ct);
        Assert.Null(page.ContinuationToken);
        return page.Items.Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task AQueryByPartitionReturnsOnlyThatPartition()
    {
        var pk = await SeedAsync();

        Assert.Equal(["a", "b", "c", "d", "e"], await IdsAsync(pk));
        Assert.Empty(await IdsAsync(NewKey()));
    }

    [Fact]
    public async Task EqualityMatchesStringsNumbersBooleansAndNull()
    {
        var pk = await SeedAsync();

        Assert.Equal(["a", "c"], await IdsAsync(pk, Filter.Eq("note", "red")));
        Assert.Equal(["b", "c"], await IdsAsync(pk, Filter.Eq("n", 2)));
        Assert.Equal(["a", "c"], await IdsAsync(pk, Filter.Eq("flag", true)));
        Assert.Equal(["e"], await IdsAsync(pk, Filter.Eq("note", null)));
        Assert.Equal(["c"], await IdsAsync(pk, Filter.Eq("note", "red"), Filter.Eq("n", 2)));
        Assert.Empty(await IdsAsync(pk, Filter.Eq("note", "RED")));
    }

    [Fact]
    public async Task InMatchesAnyOfTheValues()
    {
        var pk = await SeedAsync();

        Assert.Equal(["a", "b", "d"], await IdsAsync(pk, Filter.In("note", ["red", "blue", "green"]), Filter.In("name", ["a", "b", "d", "zz"])));
        Assert.Equal(["b", "c", "e"], await IdsAsync(pk, Filter.In("n", [2, 4])));
        Assert.Empty(await IdsAsync(pk, Filter.In("n", [])));
    }

    [Fact]
    public async Task ArrayContainsMatchesArraysHoldingTheValue()
    {
        var pk = await SeedAsync();

        Assert.Equal(["a", "e"], await IdsAsync(pk, Filter.Contains("tags", "x")));
        Assert.Equal(["a", "b"], await IdsAsync(pk, Filter.Contains("tags", "y")));
        Assert.Empty(await IdsAsync(pk, Filter.Contains("tags", "nope")));
    }

    [Fact]
    public async Task ComparisonsOnNumbersAreNumeric()
    {
        var pk = await SeedAsync();

        Assert.Equal(["d", "e"], await IdsAsync(pk, Filter.Compare("n", ComparisonOperator.GreaterThan, 2)));
        Assert.Equal(["b", "c", "d", "e"], await IdsAsync(pk, Filter.Compare("n", ComparisonOperator.GreaterThanOrEqual, 2)));
        Assert.Equal(["a"], await IdsAsync(pk, Filter.Compare("n", ComparisonOperator.LessThan, 2)));
        Assert.Equal(["b", "c"], await IdsAsync(pk, Filter.Compare("n", ComparisonOperator.LessThanOrEqual, 2), Filter.Compare("n", ComparisonOperator.GreaterThan, 1)));
        Assert.Equal(["a", "b", "c", "d", "e"], await IdsAsync(pk, Filter.Compare("n", ComparisonOperator.LessThan, 10)));
    }

    [Fact]
    public async Task ComparisonsOnIsoTimestampsAreChronological()
    {
        var pk = await SeedAsync();

        Assert.Equal(["c", "d", "e"], await IdsAsync(pk, Filter.Compare("at", ComparisonOperator.GreaterThanOrEqual, Noon)));
        Assert.Equal(["a", "b"], await IdsAsync(pk, Filter.Compare("at", ComparisonOperator.LessThan, Noon)));
        Assert.Equal(["b", "c"], await IdsAsync(pk,
            Filter.Compare("at", ComparisonOperator.GreaterThan, Noon.AddHours(-2)), Filter.Compare("at", ComparisonOperator.LessThanOrEqual, Noon)));
    }

    [Fact]
    public async Task OrderByAscendingAndDescendingBreaksTiesById()
    {
        var pk = await SeedAsync();

        var ascending = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk, OrderBy = "n" }, Ct);
        var descending = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk, OrderBy = "n", Descending = true }, Ct);
        var byTime = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk, OrderBy = "at", Descending = true }, Ct);

        Assert.Equal(["a", "b", "c", "d", "e"], ascending.Items.Select(d => d.Id));
        Assert.Equal(["e", "d", "c", "b", "a"], descending.Items.Select(d => d.Id));
        Assert.Equal(["e", "d", "c", "b", "a"], byTime.Items.Select(d => d.Id));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("n", false)]
    [InlineData("n", true)]
    public async Task PagingWithContinuationTokensVisitsEveryDocumentExactlyOnce(string? orderBy, bool descending)
    {
        var pk = NewKey();
        for (var i = 0; i < 23; i++)
        {
            await Store.CreateAsync(Main, pk, $"doc-{i:D2}", new Thing($"t{i}", i % 4), null, Ct);
        }

        var seen = new List<Document<Thing>>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryAsync<Thing>(new DocumentQuery(Main)
            {
                PartitionKey = pk, OrderBy = orderBy, Descending = descending, Limit = 5, ContinuationToken = token,
            }, Ct);
            Assert.True(page.Items.Count <= 5);
            Assert.True(page.Items.Count == 5 || page.ContinuationToken is null, "Only the last page may be short.");
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            Assert.True(++pages <= 6, "Paging did not end.");
        }
        while (token is not null);

        Assert.Equal(23, seen.Select(d => d.Id).Distinct().Count());
        Assert.Equal(23, seen.Count);
        if (orderBy is not null)
        {
            var keys = seen.Select(d => (d.Body.N, d.Id)).ToList();
            var expected = descending
                ? keys.OrderByDescending(k => k.N).ThenByDescending(k => k.Id, StringComparer.Ordinal)
                : keys.OrderBy(k => k.N).ThenBy(k => k.Id, StringComparer.Ordinal);
            Assert.Equal(expected, keys);
        }
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJmb28iOiJiYXIifQ")]
    [InlineData("WyIxMjMiLCJhYmMiXQ")]
    public async Task AContinuationTokenTheStoreDidNotIssueIsRejected(string token)
    {
        var pk = await SeedAsync();

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk, OrderBy = "n", Limit = 2, ContinuationToken = token }, Ct));
    }

    [Fact]
    public async Task ACrossPartitionQueryFindsMatchesInEveryPartitionInOrder()
    {
        var run = NewKey();
        string[] partitions = [NewKey(), NewKey(), NewKey()];
        for (var i = 0; i < 9; i++)
        {
            await Store.CreateAsync(Main, partitions[i % 3], $"x{i}", new Thing($"name-{8 - i}", i / 3, Run: run), null, Ct);
        }
        await Store.CreateAsync(Main, partitions[0], "unrelated", new Thing("name-0", Run: NewKey()), null, Ct);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { Filters = [Filter.Eq("run", run)], OrderBy = "name", Limit = 4, ContinuationToken = token }, Ct);
            seen.AddRange(page.Items.Select(d => d.Body.Name));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"name-{i}"), seen);
    }

    [Fact]
    public async Task OrderingTiesAcrossPartitionsBreakOnPartitionKeyThenId()
    {
        var run = NewKey();
        var partitions = new[] { NewKey(), NewKey(), NewKey() }.Order(StringComparer.Ordinal).ToArray();
        foreach (var pk in partitions.Reverse())
        {
            await Store.CreateAsync(Main, pk, "b", new Thing("same", 7, Run: run), null, Ct);
            await Store.CreateAsync(Main, pk, "a", new Thing("same", 7, Run: run), null, Ct);
        }

        var page = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { Filters = [Filter.Eq("run", run)], OrderBy = "n" }, Ct);

        Assert.Equal(partitions.SelectMany(pk => new[] { (pk, "a"), (pk, "b") }), page.Items.Select(d => (d.PartitionKey, d.Id)));
    }
}
