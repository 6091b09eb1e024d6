using System.Text.Json;
using Cairn.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Storage.Postgres;

/// <summary>The documents port on one JSONB table; ETags are random per write, expiry is checked against the injected clock.</summary>
public sealed class PostgresDocumentStore(NpgsqlDataSource dataSource, TimeProvider clock) : IDocumentStore
{
    private const string Live = "(expires_at is null or expires_at > @now)";

    public Task<Document<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var command = Command($"select body, etag from documents where container = @c and pk = @pk and id = @id and {Live}",
                container, partitionKey, id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new Document<T>(id, partitionKey, Deserialize<T>(reader.GetString(0)), reader.GetString(1))
                : null;
        });

    /// <summary>
    /// Many point reads in one statement, in the order asked. Each key probes the whole primary key: the lateral
    /// subquery with <c>offset 0</c> cannot be flattened into a join, which the planner, misled by statistics taken
    /// when a container was nearly empty, answered with one scan of the whole container.
    /// </summary>
    internal const string ReadManySql = """
        select d.pk, d.id, d.body::text, d.etag
        from unnest(@pks, @ids) with ordinality as k(pk, id, n)
        cross join lateral (
            select pk, id, body, etag from documents
            where container = @c and pk = k.pk and id = k.id and (expires_at is null or expires_at > @now)
            offset 0) d
        order by k.n
        """;

    public Task<IReadOnlyList<Document<T>>> ReadManyAsync<T>(string container, IReadOnlyList<DocumentKey> keys, CancellationToken cancellationToken) =>
        Guard<IReadOnlyList<Document<T>>>(async () =>
        {
            var distinct = DocumentKey.Distinct(keys);
            if (distinct.Count == 0)
            {
                return [];
            }
            await using var command = dataSource.CreateCommand(ReadManySql);
            AddReadManyParameters(command.Parameters, container, distinct, clock.GetUtcNow());
            var documents = new List<Document<T>>(distinct.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(new Document<T>(reader.GetString(1), reader.GetString(0), Deserialize<T>(reader.GetString(2)), reader.GetString(3)));
            }
            return documents;
        });

    internal static void AddReadManyParameters(NpgsqlParameterCollection parameters, string container, IReadOnlyCollection<DocumentKey> keys, DateTimeOffset now)
    {
        parameters.AddWithValue("c", container);
        parameters.Add(new NpgsqlParameter("pks", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Select(k => k.PartitionKey).ToArray() });
        parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Select(k => k.Id).ToArray() });
        parameters.AddWithValue("now", now);
    }

    public Task<Document<T>> CreateAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            // An expired document with the same id no longer exists as far as callers can tell, so it may be overwritten.
            await using var command = Command($"""
                insert into documents (container, pk, id, body, etag, expires_at) values (@c, @pk, @id, @body, @etag, @exp)
                on conflict (container, pk, id) do update set body = excluded.body, etag = excluded.etag, expires_at = excluded.expires_at
                where documents.expires_at is not null and documents.expires_at <= @now
                returning etag
                """, container, partitionKey, id);
            var etag = AddBody(command, body, options);
            var written = await command.ExecuteScalarAsync(cancellationToken);
            return written is null
                ? throw new DocumentConflictException(container, id)
                : new Document<T>(id, partitionKey, body, etag);
        });

    public Task<Document<T>> ReplaceAsync<T>(string container, string partitionKey, string id, T body, string ifMatch, WriteOptions? options, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var command = Command($"""
                update documents set body = @body, etag = @etag, expires_at = @exp
                where container = @c and pk = @pk and id = @id and etag = @ifmatch and {Live}
                """, container, partitionKey, id);
            var etag = AddBody(command, body, options);
            command.Parameters.AddWithValue("ifmatch", ifMatch);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return new Document<T>(id, partitionKey, body, etag);
            }
            return await ExistsAsync(container, partitionKey, id, cancellationToken)
                ? throw new DocumentPreconditionFailedException(container, id)
                : throw new DocumentNotFoundException(container, id);
        });

    public Task<Document<T>> UpsertAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var command = Command("""
                insert into documents (container, pk, id, body, etag, expires_at) values (@c, @pk, @id, @body, @etag, @exp)
                on conflict (container, pk, id) do update set body = excluded.body, etag = excluded.etag, expires_at = excluded.expires_at
                """, container, partitionKey, id);
            var etag = AddBody(command, body, options);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Document<T>(id, partitionKey, body, etag);
        });

    public Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var command = Command($"""
                delete from documents where container = @c and pk = @pk and id = @id and {Live}
                and (@ifmatch::text is null or etag = @ifmatch)
                """, container, partitionKey, id);
            command.Parameters.Add(new NpgsqlParameter("ifmatch", NpgsqlDbType.Text) { Value = (object?)ifMatch ?? DBNull.Value });
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return true;
            }
            return ifMatch is not null && await ExistsAsync(container, partitionKey, id, cancellationToken)
                ? throw new DocumentPreconditionFailedException(container, id)
                : false;
        });

    public Task<DocumentPage<T>> QueryAsync<T>(DocumentQuery query, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var command = dataSource.CreateCommand();
            command.CommandText = PostgresQueryTranslator.Translate(query, command.Parameters);
            command.Parameters.AddWithValue("now", clock.GetUtcNow());
            var items = new List<Document<T>>(Math.Min(query.Limit, 100));
            string? lastOrderValue = null;
            var hasMore = false;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (items.Count == query.Limit)
                    {
                        hasMore = true;
                        break;
                    }
                    items.Add(new Document<T>(reader.GetString(1), reader.GetString(0), Deserialize<T>(reader.GetString(2)), reader.GetString(3)));
                    lastOrderValue = reader.IsDBNull(4) ? null : reader.GetString(4);
                }
            }
            var continuation = hasMore ? PostgresQueryTranslator.Continuation(lastOrderValue, items[^1].PartitionKey, items[^1].Id) : null;
            return new DocumentPage<T>(items, continuation);
        });

    public Task<long> CountAsync(DocumentQuery query, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var command = dataSource.CreateCommand();
            command.CommandText = PostgresQueryTranslator.TranslateCount(query, command.Parameters);
            command.Parameters.AddWithValue("now", clock.GetUtcNow());
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        });

    private async Task<bool> ExistsAsync(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        await using var command = Command($"select 1 from documents where container = @c and pk = @pk and id = @id and {Live}", container, partitionKey, id);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private NpgsqlCommand Command(string sql, string container, string partitionKey, string id)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("c", container);
        command.Parameters.AddWithValue("pk", partitionKey);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        return command;
    }

    private string AddBody<T>(NpgsqlCommand command, T body, WriteOptions? options)
    {
        var etag = Guid.NewGuid().ToString("N");
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(body, CairnJson.Options) });
        command.Parameters.AddWithValue("etag", etag);
        var expires = options?.TimeToLive is { } ttl ? clock.GetUtcNow() + ttl : (DateTimeOffset?)null;
        command.Parameters.Add(new NpgsqlParameter("exp", NpgsqlDbType.TimestampTz) { Value = (object?)expires ?? DBNull.Value });
        return etag;
    }

    private static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, CairnJson.Options)!;

    /// <summary>Translates connection failures into <see cref="StorageUnavailableException"/>, and U+0000 in a body (jsonb cannot hold it) into an argument error.</summary>
    internal static async Task<TResult> Guard<TResult>(Func<Task<TResult>> action)
    {
        try
        {
            return await action();
        }
        catch (NpgsqlException exception) when (exception is not PostgresException && exception.InnerException is System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            throw new StorageUnavailableException("PostgreSQL is not reachable.", exception);
        }
        catch (NpgsqlException exception) when (exception.IsTransient)
        {
            throw new StorageUnavailableException("PostgreSQL failed transiently.", exception);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UntranslatableCharacter)
        {
            throw DocumentBodies.NulNotAllowed(exception);
        }
    }
}
