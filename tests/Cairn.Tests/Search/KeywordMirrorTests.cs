using Cairn.Search;
using Cairn.Search.Postgres;
using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cairn.Tests.Search;

/// <summary>
/// Two index instances over one database stand for two processes: each scores BM25 in its own mirror, and a search on
/// one sees every write the other committed before it.
/// </summary>
[Trait("Storage", "Own")]
public sealed class KeywordMirrorTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _database = new();
    private readonly List<SearchDataSource> _dataSources = [];
    private PostgresSearchIndex _a = null!;
    private PostgresSearchIndex _b = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        {
            await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(None);
            await PostgresSearchSchema.EnsureModelAsync(dataSource, HashingEmbedder.Model, NullLogger.Instance, None);
        }
        (_a, _b) = (Instance(), Instance());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AWriteOnOneInstanceIsFoundAtOnceByAnother()
    {
        await _a.UpsertAsync([Doc("first", "kafka consumer lag")], None);
        Assert.Equal(["first"], await KeywordAsync(_b, "kafka"));

        await _a.UpsertAsync([Doc("second", "kafka broker restart"), Doc("first", "redis eviction")], None);

        Assert.Equal(["second"], await KeywordAsync(_b, "kafka"));
        Assert.Equal(["first"], await KeywordAsync(_b, "redis"));
        Assert.Equal(1, _b.Mirror.Loads);
    }

    [Fact]
    public async Task ADeleteOnOneInstanceIsGoneAtOnceFromAnother()
    {
        await _a.UpsertAsync([.. Enumerable.Range(0, 10).Select(i => Doc($"gone-{i}", "kafka kafka kafka")), Doc("kept", "kafka among other words")], None);
        Assert.Equal(10, (await KeywordAsync(_b, "kafka")).Length);

        foreach (var i in Enumerable.Range(0, 10))
        {
            await _a.DeleteAsync($"gone-{i}", None);
        }

        // Ten candidates per arm: a mirror still holding the deleted documents would offer only them.
        Assert.Equal(["kept"], await KeywordAsync(_b, "kafka"));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("quality")]
    public async Task AStatusOrQualityChangeOnOneInstanceFiltersAtOnceOnAnother(string change)
    {
        await _a.UpsertAsync([Doc("voted", "kafka consumer lag") with { Status = "published", Quality = 0.9 }], None);
        var filter = new SearchFilter { Statuses = ["published"], MinQuality = 0.5 };
        Assert.Equal(["voted"], await KeywordAsync(_b, "kafka", filter));

        await _a.UpdateStatsAsync("voted", change == "status" ? "archived" : "published", change == "status" ? 0.9 : 0.1, None);

        Assert.Empty(await KeywordAsync(_b, "kafka", filter));
        Assert.Equal(["voted"], await KeywordAsync(_b, "kafka"));
    }

    [Fact]
    public async Task ATransactionThatBeganBeforeAnotherButCommitsAfterItIsStillSeen()
    {
        // "kafka" committed first: a writer of a new word waits for another writer of it to commit.
        await _a.UpsertAsync([Doc("seed", "kafka seed")], None);
        await KeywordAsync(_b, "kafka");
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(None);
        await using var slow = await connection.BeginTransactionAsync(None);
        await using (var write = new NpgsqlCommand(
            "select search_upsert('slow', 'experience', null, 'public', null, null, '{}', null, null, 'kafka slow', null, null, null)", connection, slow))
        {
            await write.ExecuteNonQueryAsync(None);
        }

        await _a.UpsertAsync([Doc("fast", "kafka fast")], None); // a later transaction id, committed first
        Assert.Equal(["fast", "seed"], (await KeywordAsync(_b, "kafka")).Order());
        await slow.CommitAsync(None);

        Assert.Equal(["fast", "seed", "slow"], (await KeywordAsync(_b, "kafka")).Order());
    }

    [Fact]
    public async Task SearchesThatQueueBehindACatchUpShareTheNextOneAndStillSeeEveryEarlierWrite()
    {
        await _a.UpsertAsync([Doc("first", "kafka consumer lag")], None);
        Assert.Equal(["first"], await KeywordAsync(_b, "kafka"));
        var before = _b.Mirror.CatchUps;

        // A lock on search_feed holds the next catch-up in the database, so the searches after it queue in the process.
        await _a.UpsertAsync([Doc("second", "redis eviction")], None);
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(None);
        await using var hold = await connection.BeginTransactionAsync(None);
        await using (var lockFeed = new NpgsqlCommand("lock table search_feed in access exclusive mode", connection, hold))
        {
            await lockFeed.ExecuteNonQueryAsync(None);
        }
        var held = KeywordAsync(_b, "redis");
        await _a.UpsertAsync([Doc("third", "nginx upstream timeout"), Doc("fourth", "nginx worker crash")], None);
        var queued = Enumerable.Range(0, 7).Select(i => KeywordAsync(_b, i % 2 == 0 ? "nginx" : "redis nginx kafka")).ToList();
        await hold.CommitAsync(None);

        Assert.Equal(["second"], await held);
        for (var i = 0; i < queued.Count; i++)
        {
            string[] expected = i % 2 == 0 ? ["fourth", "third"] : ["first", "fourth", "second", "third"];
            Assert.Equal(expected, (await queued[i]).Order());
        }
        Assert.Equal(before + 2, _b.Mirror.CatchUps);
    }

    [Fact]
    public async Task AMirrorThatMissedPrunedTombstonesReloadsWhole()
    {
        await _a.UpsertAsync([.. Enumerable.Range(0, 10).Select(i => Doc($"gone-{i}", "kafka kafka kafka")), Doc("kept", "kafka among other words")], None);
        Assert.Equal(10, (await KeywordAsync(_b, "kafka")).Length);
        foreach (var i in Enumerable.Range(0, 10))
        {
            await _a.DeleteAsync($"gone-{i}", None);
        }
        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        await using (var prune = dataSource.CreateCommand("select search_prune_tombstones('0 seconds')"))
        {
            Assert.Equal(10, await prune.ExecuteScalarAsync(None));
        }

        // Ten candidates per arm: had the mirror kept the ten deleted documents, they would be all it offered.
        Assert.Equal(["kept"], await KeywordAsync(_b, "kafka"));
        Assert.Equal(2, _b.Mirror.Loads);
    }

    private PostgresSearchIndex Instance()
    {
        var options = new SearchOptions { CandidatesPerArm = 10 };
        var dataSource = SearchDataSource.Create(_database.ConnectionString, options);
        _dataSources.Add(dataSource);
        return new PostgresSearchIndex(dataSource, Microsoft.Extensions.Options.Options.Create(options), HashingEmbedder.Model, new VectorReadiness());
    }

    private static async Task<string[]> KeywordAsync(PostgresSearchIndex index, string text, SearchFilter? filter = null, int limit = 10) =>
        [.. (await index.SearchAsync(new SearchQuery(text) { Filter = filter ?? SearchFilter.None, Limit = limit }, None)).Select(h => h.Id)];

    private static SearchDocument Doc(string id, string title) => new(id, "experience") { Title = title };
}
