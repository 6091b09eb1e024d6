using Npgsql;

namespace Cairn.Tests.Jobs;

// Writes and counts rows of the documents table directly, to set up and observe expiry without the app's clock.
public static class ExpiredDocuments
{
    public static async Task InsertAsync(string connectionString, string container, string id, DateTimeOffset? expiresAt)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "insert into documents (container, pk, id, body, etag, expires_at) values (@c, @id, @id, '{}'::jsonb, 'e', @exp)", connection);
        command.Parameters.AddWithValue("c", container);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("exp", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)expiresAt ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<bool> ExistsAsync(string connectionString, string container, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1 from documents where container = @c and id = @id", connection);
        command.Parameters.AddWithValue("c", container);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() is not null;
    }

    public static async Task<long> CountAsync(string connectionString, string container)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from documents where container = @c", connection);
        command.Parameters.AddWithValue("c", container);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
