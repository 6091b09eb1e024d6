using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Cairn.Storage.Postgres;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> scripts in order, each in its own transaction, and records
/// them in <c>schema_migrations</c> with a checksum; then re-applies <c>SearchFunctions.sql</c>, the one live copy of
/// the search functions, when its checksum differs from the one recorded in <c>schema_functions</c>. An advisory lock
/// serialises instances that start together.
/// Hand-written: no migration library (DbUp, Evolve, FluentMigrator) is reachable from this build's registry.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger)
{
    private const long LockKey = 0x43_61_69_72_6E; // "Cairn"
    internal const string FunctionsResource = "Cairn.Storage.Postgres.SearchFunctions.sql";

    // Checksums these migrations had while they still defined the search functions (before SearchFunctions.sql): an
    // index built then is upgraded, not refused, and the new checksum is recorded.
    internal static readonly Dictionary<int, string> BeforeFunctionsMoved = new()
    {
        [2] = "b460f2ae3ca6c72d8c9fee95546059c37c64cf13cb006223bc8768afe78dff40",
        [3] = "76fe898e30daa6ad977be20702070994d2b628dc860573f1ad1adb727e531446",
        [6] = "5500901b5000d4b35210d36443f8710f7ab68001e22ab65fb954df955047728a",
        [7] = "f8f38d4819f35b6c19f6fb882cb9ba48981fbd6b28fd73aafb5810a1362fe99d",
    };

    private readonly Lock _gate = new();
    private Task? _migrated;

    /// <summary>Brings the schema up to date; storage and search both ask at start-up, and a process does the work once.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_migrated is null || _migrated.IsFaulted || _migrated.IsCanceled)
            {
                _migrated = MigrateNowAsync(cancellationToken);
            }
            return _migrated;
        }
    }

    private async Task MigrateNowAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "select pg_advisory_lock(@key)", cancellationToken, ("key", LockKey));
        try
        {
            await ExecuteAsync(connection, null, """
                create table if not exists schema_migrations (
                    version    int primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now())
                """, cancellationToken);

            var applied = await AppliedAsync(connection, cancellationToken);
            foreach (var migration in Embedded())
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum && BeforeFunctionsMoved.GetValueOrDefault(migration.Version) == checksum)
                    {
                        await ExecuteAsync(connection, null, "update schema_migrations set checksum = @c where version = @v",
                            cancellationToken, ("c", migration.Checksum), ("v", migration.Version));
                    }
                    else if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException($"Migration {migration.Version} ({migration.Name}) was changed after it was applied; add a new migration instead.");
                    }
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction, "insert into schema_migrations (version, name, checksum) values (@v, @n, @c)",
                    cancellationToken, ("v", migration.Version), ("n", migration.Name), ("c", migration.Checksum));
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
            }
            await ApplyFunctionsAsync(connection, cancellationToken);
        }
        finally
        {
            await ExecuteAsync(connection, null, "select pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
        }
    }

    private async Task ApplyFunctionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var functions = Functions();
        await ExecuteAsync(connection, null, """
            create table if not exists schema_functions (
                name       text primary key,
                checksum   text not null,
                applied_at timestamptz not null default now())
            """, cancellationToken);
        await using (var read = new NpgsqlCommand("select checksum from schema_functions where name = @n", connection))
        {
            read.Parameters.AddWithValue("n", functions.Name);
            if (await read.ExecuteScalarAsync(cancellationToken) as string == functions.Checksum)
            {
                return;
            }
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, functions.Sql, cancellationToken);
        await ExecuteAsync(connection, transaction, """
            insert into schema_functions (name, checksum) values (@n, @c)
            on conflict (name) do update set checksum = excluded.checksum, applied_at = now()
            """, cancellationToken, ("n", functions.Name), ("c", functions.Checksum));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Applied {Name} (checksum {Checksum})", functions.Name, functions.Checksum[..12]);
    }

    internal static Migration Functions() => Load(typeof(PostgresMigrator).Assembly, FunctionsResource, "SearchFunctions");

    internal static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name, name[(name.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..^".sql".Length]))
            .OrderBy(m => m.Version)
            .ToList();
        // Two branches can each add "the next" migration; one version twice would apply one and fail on the other.
        if (migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Migrations {string.Join(" and ", clash.Select(m => m.Name))} share version {clash.Key}; renumber the newer one.");
        }
        return migrations;
    }

    private static Migration Load(Assembly assembly, string resource, string file)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        var separator = file.IndexOf('_');
        var version = separator > 0 && int.TryParse(file.AsSpan(0, separator), System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
        return new Migration(version, file, sql, checksum);
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("select version, checksum from schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        // A migration that rewrites a large table runs as long as it needs; start-up cancellation still stops it.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal sealed record Migration(int Version, string Name, string Sql, string Checksum);
}
