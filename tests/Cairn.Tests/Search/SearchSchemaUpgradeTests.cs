using Cairn.Search;
using Cairn.Search.Postgres;
using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cairn.Tests.Search;

/// <summary>
/// The search functions live in SearchFunctions.sql, re-applied when it changes; an index built while the migrations
/// still defined them (LegacySchema/ holds those functions as they were) is upgraded in place and keeps answering.
/// </summary>
public sealed class SearchSchemaUpgradeTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private NpgsqlDataSource _dataSource = null!;
    private SearchDataSource? _searchDataSource;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_searchDataSource is not null)
        {
            await _searchDataSource.DisposeAsync();
        }
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AnIndexBuiltByTheOldSchemaKeepsAnsweringAfterTheUpgrade()
    {
        await ApplyLegacySchemaAsync();
        await ExecuteAsync("""
            select search_upsert('a', 'experience', 'agent-1', 'public', null, null, '{}', 'published', 0.9, 'kafka consumer lag', 'the consumer group fell behind', null, null);
            select search_upsert('b', 'experience', 'agent-2', 'private', null, null, '{}', 'published', 0.5, 'nginx restart', 'reload the kafka broker config', null, null);
            select search_upsert('c', 'engram', 'agent-1', 'public', 'global', null, '{}', 'active', null, 'pin versions', 'unrelated words only', null, null);
            """);

        await Migrator().MigrateAsync(CancellationToken.None);

        var after = await KeywordAsync("kafka consumer", SearchFilter.None);
        Assert.Equal(["a", "b"], after.Select(h => h.Id));
        Assert.Equal(["a"], (await KeywordAsync("kafka", new SearchFilter { VisibleTo = "agent-1" })).Select(h => h.Id));
        Assert.Equal(PostgresMigrator.Functions().Checksum, await ScalarAsync("select checksum from schema_functions"));
        Assert.Equal(0L, await ScalarAsync(
            "select count(*) from schema_migrations m where m.checksum <> all(@current)", (object)PostgresMigrator.Embedded().Select(m => m.Checksum).ToArray()));

        // The term frequencies carried over from the old postings are the ones the new functions write for the same text.
        var index = await IndexAsync();
        await index.UpsertAsync([
            new SearchDocument("a", "experience") { Title = "kafka consumer lag", Content = "the consumer group fell behind", Owner = "agent-1", Status = "published", Quality = 0.9 },
            new SearchDocument("b", "experience") { Title = "nginx restart", Content = "reload the kafka broker config", Owner = "agent-2", Visibility = SearchVisibility.Private, Status = "published", Quality = 0.5 },
        ], CancellationToken.None);
        Assert.Equal(after.Select(h => (h.Id, h.Score)), (await KeywordAsync("kafka consumer", SearchFilter.None)).Select(h => (h.Id, h.Score)));

        // A replaced document's old words are gone.
        await index.UpsertAsync([new SearchDocument("a", "experience") { Title = "redis eviction", Owner = "agent-1", Status = "published" }], CancellationToken.None);
        Assert.Equal(["b"], (await KeywordAsync("kafka consumer", SearchFilter.None)).Select(h => h.Id));
    }

    [Fact]
    public async Task SearchFunctionsAreReappliedWhenTheirRecordedChecksumDiffers()
    {
        await Migrator().MigrateAsync(CancellationToken.None);
        // A database whose functions came from an older SearchFunctions.sql: one body differs, and so does the checksum.
        await ExecuteAsync("""
            create or replace function search_set_stats(p_id text, p_status text, p_quality double precision) returns boolean language sql as $$ select false $$;
            update schema_functions set checksum = 'older';
            """);

        await Migrator().MigrateAsync(CancellationToken.None); // a new process: one migrator migrates once

        await ExecuteAsync("select search_upsert('a', 'experience', null, 'public', null, null, '{}', 'published', 0.5, 'title', null, null, null)");
        Assert.Equal(true, await ScalarAsync("select search_set_stats('a', 'published', 0.9)"));
        Assert.Equal(PostgresMigrator.Functions().Checksum, await ScalarAsync("select checksum from schema_functions"));
    }

    [Fact]
    public async Task UnchangedSearchFunctionsAreNotAppliedAgain()
    {
        await Migrator().MigrateAsync(CancellationToken.None);
        var applied = await ScalarAsync("select applied_at from schema_functions");

        await Migrator().MigrateAsync(CancellationToken.None); // a new process: one migrator migrates once

        Assert.Equal(applied, await ScalarAsync("select applied_at from schema_functions"));
    }

    [Fact]
    public void NoMigrationDefinesASearchFunction()
    {
        var offenders = PostgresMigrator.Embedded().Where(m => m.Sql.Contains("function search_", StringComparison.OrdinalIgnoreCase)).Select(m => m.Name);
        Assert.Empty(offenders);
    }

    private PostgresMigrator Migrator() => new(_dataSource, NullLogger<PostgresMigrator>.Instance);

    // Today's migrations up to 0007 (they hold the same tables) recorded with the checksums they had while they still
    // defined the search functions, then those functions as they last stood.
    private async Task ApplyLegacySchemaAsync()
    {
        await ExecuteAsync("""
            create table schema_migrations (version int primary key, name text not null, checksum text not null,
                applied_at timestamptz not null default now())
            """);
        foreach (var migration in PostgresMigrator.Embedded().Where(m => m.Version <= 7))
        {
            await ExecuteAsync(migration.Sql);
            await ExecuteAsync("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", migration.Version, migration.Name,
                PostgresMigrator.BeforeFunctionsMoved.GetValueOrDefault(migration.Version, migration.Checksum));
        }
        var assembly = typeof(SearchSchemaUpgradeTests).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.Contains(".LegacySchema.", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        await ExecuteAsync(await reader.ReadToEndAsync());
    }

    private async Task<ISearchIndex> IndexAsync()
    {
        await PostgresSearchSchema.EnsureModelAsync(_dataSource, HashingEmbedder.Model, NullLogger.Instance, CancellationToken.None);
        var options = new SearchOptions();
        _searchDataSource ??= SearchDataSource.Create(_database.ConnectionString, options);
        return new PostgresSearchIndex(_searchDataSource,
            Microsoft.Extensions.Options.Options.Create(options), HashingEmbedder.Model, new VectorReadiness());
    }

    private async Task<IReadOnlyList<SearchHit>> KeywordAsync(string text, SearchFilter filter) =>
        await (await IndexAsync()).SearchAsync(new SearchQuery(text) { Filter = filter }, CancellationToken.None);

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql, params object[] values)
    {
        await using var command = _dataSource.CreateCommand(sql.Replace("@current", "$1", StringComparison.Ordinal));
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return await command.ExecuteScalarAsync();
    }
}
