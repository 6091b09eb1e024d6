using Cairn.Storage;
using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cairn.Tests.Storage;

public sealed class PostgresDocumentStoreTests(PostgresDocumentStoreFixture fixture)
    : DocumentStoreConformance(fixture), IClassFixture<PostgresDocumentStoreFixture>;

/// <summary>A throwaway database, migrated, shared by the suite's tests (each test writes under its own keys).</summary>
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
