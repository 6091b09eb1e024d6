using System.Globalization;
using Npgsql;

namespace Cairn.Search.Postgres;

/// <summary>
/// Binds the index to one embedding model: the first start records the model, types the vector column and builds
/// the HNSW index; a later start with another model or size is refused, since its vectors would not compare.
/// </summary>
public static class PostgresSearchSchema
{
    public static async Task EnsureModelAsync(NpgsqlDataSource dataSource, EmbeddingModelInfo model, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Instances that start together take turns; the second sees the first one's row.
        await Execute(connection, transaction, "lock table search_index_meta in exclusive mode", cancellationToken);
        await using (var read = new NpgsqlCommand("select model, dimensions from search_index_meta", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                var (recorded, dimensions) = (reader.GetString(0), reader.GetInt32(1));
                if (recorded == model.Model && dimensions == model.Dimensions)
                {
                    return;
                }
                throw new InvalidOperationException(
                    $"The search index holds {dimensions}-dimensional vectors of the embedding model '{recorded}', but Cairn:Embeddings now " +
                    $"configures '{model.Model}' ({model.Dimensions} dimensions). Vectors of different models cannot be compared. Restore the " +
                    "previous embedding settings, or rebuild the search index for the new model as docs/search.md (\"Changing the embedding model\") describes.");
            }
        }

        await Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture,
            $"alter table search_documents alter column embedding type vector({model.Dimensions})"), cancellationToken);
        await Execute(connection, transaction,
            "create index if not exists search_documents_embedding on search_documents using hnsw (embedding vector_cosine_ops)", cancellationToken);
        await using (var insert = new NpgsqlCommand("insert into search_index_meta (model, dimensions) values (@model, @dimensions)", connection, transaction))
        {
            insert.Parameters.AddWithValue("model", model.Model);
            insert.Parameters.AddWithValue("dimensions", model.Dimensions);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
