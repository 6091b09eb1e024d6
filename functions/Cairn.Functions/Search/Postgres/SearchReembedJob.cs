using Microsoft.Extensions.AI;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Search.Postgres;

// Re-embeds every document whose vector is not of the current model, in batches, after the model changed
// (PostgresSearchSchema). Resumable: progress is the rows themselves (each records its model), so a restart carries on
// where the last one stopped. One instance works at a time (an advisory lock); the others wait until the index says it
// is done. Documents written meanwhile already carry the new model and are skipped.
public sealed class SearchReembedJob(
    SearchDataSource dataSource,
    EmbeddingModelInfo model,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    VectorReadiness vectors,
    TimeProvider clock,
    ILogger<SearchReembedJob> logger) : BackgroundService
{
    // The lock one re-embedding instance holds ("cairnre" in ASCII; the batch writers and the migrator use others).
    private const long LockKey = 0x63_61_69_72_6e_72_65;

    public const int BatchSize = 64;

    // How often an instance that is not re-embedding checks whether another one has finished.
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    private const string CountPendingSql = "select count(*) from search_documents where embedding_model is distinct from @model";

    // The documents whose vector is not of the current model.
    public static async Task<long> CountPendingAsync(NpgsqlDataSource dataSource, EmbeddingModelInfo model, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ScalarAsync<long>(connection, CountPendingSql, cancellationToken, ("model", model.Model));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!vectors.IsReady && !stoppingToken.IsCancellationRequested)
        {
            await using (var connection = await dataSource.Inner.OpenConnectionAsync(stoppingToken))
            {
                if (await ScalarAsync<bool>(connection, "select pg_try_advisory_lock(@key)", stoppingToken, ("key", LockKey)))
                {
                    try
                    {
                        await ReembedAsync(connection, stoppingToken);
                    }
                    finally
                    {
                        await ScalarAsync<bool>(connection, "select pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
                    }
                }
                else if (await ScalarAsync<bool>(connection, "select vectors_ready from search_index_meta", stoppingToken))
                {
                    vectors.MarkReady();
                }
            }
            if (!vectors.IsReady)
            {
                await Task.Delay(PollInterval, clock, stoppingToken);
            }
        }
    }

    private async Task ReembedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var total = await ScalarAsync<long>(connection, CountPendingSql, cancellationToken, ("model", model.Model));
        logger.LogInformation("Re-embedding {Total} search documents with {Model}", total, model.Model);
        long done = 0, withoutText = 0;
        var nextPercent = 10;
        vectors.Report(done, total);
        while (true)
        {
            var batch = await NextBatchAsync(connection, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var texts = batch.Where(d => d.Text is not null).Select(d => d.Text!).ToList();
            var embedded = texts.Count == 0 ? [] : await embedder.GenerateAsync(texts, cancellationToken: cancellationToken);
            await using var write = new NpgsqlBatch(connection);
            var next = 0;
            foreach (var (doc, text) in batch)
            {
                var vector = text is null ? null : SearchText.NonZero(embedded[next++].Vector)?.ToArray();
                withoutText += text is null ? 1 : 0;
                // A document rewritten meanwhile already has the new model's vector: leave it. The new xid tells every
                // process's keyword mirror to read the row again (it keeps the current model's vectors).
                var command = new NpgsqlBatchCommand("update search_documents set embedding = @vector::real[]::vector, embedding_model = @model, xid = pg_current_xact_id() where doc = @doc and embedding_model is distinct from @model");
                command.Parameters.AddWithValue("doc", doc);
                command.Parameters.AddWithValue("model", model.Model);
                command.Parameters.Add(new NpgsqlParameter("vector", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = (object?)vector ?? DBNull.Value });
                write.BatchCommands.Add(command);
            }
            await write.ExecuteNonQueryAsync(cancellationToken);
            done += batch.Count;
            vectors.Report(done, total);
            if (total > 0 && done * 100 / total >= nextPercent)
            {
                logger.LogInformation("Re-embedded {Done} of {Total} search documents ({Percent}%)", done, total, done * 100 / total);
                nextPercent = (int)(done * 100 / total / 10 * 10) + 10;
            }
        }

        await using (var index = new NpgsqlCommand("create index if not exists search_documents_embedding on search_documents using hnsw (embedding vector_cosine_ops)", connection))
        {
            // Built once at the end: one bulk build is far cheaper than keeping the graph up to date row by row.
            index.CommandTimeout = 0;
            await index.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var finished = new NpgsqlCommand("update search_index_meta set vectors_ready = true where model = @model", connection))
        {
            finished.Parameters.AddWithValue("model", model.Model);
            await finished.ExecuteNonQueryAsync(cancellationToken);
        }
        vectors.MarkReady();
        if (withoutText > 0)
        {
            logger.LogWarning("{Count} search documents were written before the index kept their text; they are found by keywords only until they are written again", withoutText);
        }
        logger.LogInformation("Re-embedding done: {Done} search documents now hold {Model} vectors; the vector arm is back", done, model.Model);
    }

    private async Task<List<(int Doc, string? Text)>> NextBatchAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select doc, embedding_text from search_documents where embedding_model is distinct from @model order by doc limit @limit", connection);
        command.Parameters.AddWithValue("model", model.Model);
        command.Parameters.AddWithValue("limit", BatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batch = new List<(int, string?)>(BatchSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return batch;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
