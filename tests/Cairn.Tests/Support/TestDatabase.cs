using Npgsql;

namespace Cairn.Tests.Support;

// A throwaway PostgreSQL database on the embedded test cluster, created for one test run and dropped after it. The
// cluster is the one scripts/test starts; CAIRN_TEST_POSTGRES overrides where it is. Never the user's data.
public sealed class TestDatabase : IAsyncLifetime
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("CAIRN_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=cairn;Database=cairn";

    public string Name { get; } = $"cairn_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";

    // Npgsql's default pools grow to 100 connections each after a burst and keep them for five minutes: the shared app
    // alone held 104, and a whole run up to 168 of the 197 the cluster's max_connections leaves (two runs at once failed
    // with 53300). A run's apps and pools share one cluster, so each pool is held to a small share of it.
    private const int MaxPoolSize = 20;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name, Pooling = true, MaxPoolSize = MaxPoolSize }.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        StoragePass.OwnStoreUsed("a PostgreSQL test database");
        try
        {
            await ExecuteAdminAsync($"create database \"{Name}\"");
        }
        catch (NpgsqlException exception) when (exception is not PostgresException)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL test cluster answers at '{AdminConnectionString}'. Run scripts/test (it installs and starts one), or set CAIRN_TEST_POSTGRES.", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAdminAsync($"drop database if exists \"{Name}\" with (force)");
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // PostgreSQL 15 refuses to terminate an autovacuum worker for a non-superuser; the worker ends within moments.
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
