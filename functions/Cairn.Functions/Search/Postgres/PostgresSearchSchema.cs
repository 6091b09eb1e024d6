using System.Globalization;
using Npgsql;

namespace Cairn.Search.Postgres;

// Binds the index to one embedding model: the first start records the model, types the vector column and builds the
// HNSW index. A start with another model (or size) switches the index to it: the old vectors are dropped (they would
// not compare with the new ones) and SearchReembedJob re-embeds every document in the background.
public static class PostgresSearchSchema
{
    // Returns whether every vector is already of model (false: a re-embedding is under way).
    public static async Task<bool> EnsureModelAsync(NpgsqlDataSource dataSource, EmbeddingModelInfo model, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Instances that start together take turns; the second sees the first one's row.
        await Execute(connection, transaction, "lock table search_index_meta in exclusive mode", cancellationToken);
        string? recorded = null;
        int dimensions = 0;
        bool ready = true;
        await using (var read = new NpgsqlCommand("select model, dimensions, vectors_ready from search_index_meta", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (recorded, dimensions, ready) = (reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2));
            }
        }
        if (recorded == model.Model && dimensions == model.Dimensions)
        {
            return ready;
        }

        if (recorded is not null)
        {
            logger.LogWarning(
                "The search index holds {OldDimensions}-dimensional vectors of {OldModel}; the embedder is now {Model} ({Dimensions} dimensions). " +
                "Dropping the old vectors and re-embedding every document in the background; searches are keyword-only until it is done",
                dimensions, recorded, model.Model, model.Dimensions);
            await Execute(connection, transaction, "drop index if exists search_documents_embedding", cancellationToken);
        }
        // Retyping discards the old vectors at once, so no ranking can ever compare them with the new model's.
        await Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture,
            $"alter table search_documents alter column embedding type vector({model.Dimensions}) using null"), cancellationToken);
        var empty = recorded is null || !await HasDocumentsAsync(connection, transaction, cancellationToken);
        if (!empty)
        {
            // Every row's vector changed (to none): a new xid makes each running process's keyword mirror drop its copy.
            await Execute(connection, transaction, "update search_documents set xid = pg_current_xact_id()", cancellationToken);
        }
        if (empty)
        {
            await Execute(connection, transaction,
                "create index if not exists search_documents_embedding on search_documents using hnsw (embedding vector_cosine_ops)", cancellationToken);
        }
        await using (var write = new NpgsqlCommand(
            "insert into search_index_meta (model, dimensions, vectors_ready) values (@model, @dimensions, @ready) " +
            "on conflict (singleton) do update set model = excluded.model, dimensions = excluded.dimensions, vectors_ready = excluded.vectors_ready",
            connection, transaction))
        {
            write.Parameters.AddWithValue("model", model.Model);
            write.Parameters.AddWithValue("dimensions", model.Dimensions);
            write.Parameters.AddWithValue("ready", empty);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return empty;
    }

    private static async Task<bool> HasDocumentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select exists (select 1 from search_documents)", connection, transaction);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
