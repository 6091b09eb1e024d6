using Cairn.Storage;
using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cairn.Tests.Storage;

// ReadManyAsync probes the primary key once per key even when the statistics are stale: here they were taken while the
// sessions container was empty, which once made the planner scan the whole container for a handful of keys.
[Trait("Storage", "Own")]
public sealed class PostgresReadManyPlanTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private NpgsqlDataSource _dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new PostgresMigrator(_dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await ExecuteAsync("""
            insert into documents (container, pk, id, body, etag)
            select 'experiences', md5('e' || g), md5('e' || g), '{}', 'x' from generate_series(1, 5000) g
            """);
        await ExecuteAsync("analyze documents");
        await ExecuteAsync("""
            insert into documents (container, pk, id, body, etag)
            select 'sessions', md5('s' || g), 'session', '{}', 'x' from generate_series(1, 5000) g
            """);
    }

    [Fact]
    public async Task EachKeyIsAPrimaryKeyProbeEvenWhenStatisticsMissTheContainer()
    {
        var keys = Enumerable.Range(1, 10).Select(g => new DocumentKey(Md5($"s{g * 401}"), "session")).ToList();
        await using var command = _dataSource.CreateCommand("explain (costs off) " + PostgresDocumentStore.ReadManySql);
        PostgresDocumentStore.AddReadManyParameters(command.Parameters, "sessions", keys, DateTimeOffset.UtcNow);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                plan.Add(reader.GetString(0));
            }
        }
        output.WriteLine(string.Join('\n', plan));

        Assert.Contains(plan, line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains("pk = k.pk", StringComparison.Ordinal)
            && line.Contains("id = k.id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Materialize", StringComparison.Ordinal) || line.Contains("Join Filter", StringComparison.Ordinal));
        var read = await new PostgresDocumentStore(_dataSource, TimeProvider.System).ReadManyAsync<Dictionary<string, string>>("sessions", keys, TestContext.Current.CancellationToken);
        Assert.Equal(keys.Select(k => k.PartitionKey), read.Select(d => d.PartitionKey));
    }

    private static string Md5(string text) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
