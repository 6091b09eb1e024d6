using System.Text.Json.Nodes;
using Npgsql;

namespace Cairn.Tests.Support;

// Reads and rewrites stored documents behind the app's back, to prove what is (and is not) in the database.
public static class RawDocuments
{
    public static async Task<JsonObject> ReadAsync(TestDatabase database, string container, string partitionKey, string id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select body::text from documents where container = @c and pk = @pk and id = @id", connection);
        command.Parameters.AddWithValue("c", container);
        command.Parameters.AddWithValue("pk", partitionKey);
        command.Parameters.AddWithValue("id", id);
        var text = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No document {container}/{partitionKey}/{id}.");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task WriteAsync(TestDatabase database, string container, string partitionKey, string id, JsonObject body)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("update documents set body = @body::jsonb where container = @c and pk = @pk and id = @id", connection);
        command.Parameters.AddWithValue("body", body.ToJsonString());
        command.Parameters.AddWithValue("c", container);
        command.Parameters.AddWithValue("pk", partitionKey);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    // Every stored document body in one partition, as text.
    public static async Task<IReadOnlyList<string>> PartitionAsync(TestDatabase database, string container, string partitionKey)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select body::text from documents where container = @c and pk = @pk", connection);
        command.Parameters.AddWithValue("c", container);
        command.Parameters.AddWithValue("pk", partitionKey);
        var bodies = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            bodies.Add(reader.GetString(0));
        }
        return bodies;
    }
}
