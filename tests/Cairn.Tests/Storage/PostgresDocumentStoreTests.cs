using System.Text.Json;
using Cairn.Storage;
using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cairn.Tests.Storage;

[Trait("Storage", "Own")]
public sealed class PostgresDocumentStoreTests(PostgresDocumentStoreFixture fixture)
    : DocumentStoreConformance(fixture), IClassFixture<PostgresDocumentStoreFixture>
{
    // Regression: SQL NULL sorted last and made the keyset comparison unknown, so paging stopped before these.
    [Fact]
    public async Task DocumentsLackingTheSortFieldAreNotDroppedWhilePaging()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "s1", new Thing("alpha"), null, Ct);
        await Store.CreateAsync(Main, pk, "s2", new Thing("beta"), null, Ct);
        await Store.CreateAsync(Main, pk, "m1", new Dictionary<string, int> { ["other"] = 1 }, null, Ct);
        await Store.CreateAsync(Main, pk, "m2", new Dictionary<string, int> { ["other"] = 2 }, null, Ct);

        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.QueryAsync<JsonElement>(new DocumentQuery(Main) { PartitionKey = pk, OrderBy = "name", Limit = 1, ContinuationToken = token }, Ct);
            ids.AddRange(page.Items.Select(d => d.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["m1", "m2", "s1", "s2"], ids);
    }
}

// A throwaway database, migrated, shared by the suite's tests (each test writes under its own keys).
public sealed class PostgresDocumentStoreFixture : IDocumentStoreFixture, IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private NpgsqlDataSource _dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new PostgresMigrator(_dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    public IDocumentStore CreateStore(TimeProvider clock) => new PostgresDocumentStore(_dataSource, clock);

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
