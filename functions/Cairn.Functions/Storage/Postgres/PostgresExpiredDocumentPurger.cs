using Npgsql;

namespace Cairn.Storage.Postgres;

// Deletes expired rows in batches through the partial documents_expiry index.
public sealed class PostgresExpiredDocumentPurger(NpgsqlDataSource dataSource) : IExpiredDocumentPurger
{
    // SKIP LOCKED: rows a concurrent writer (or another purger) holds are left for the next batch instead of waited on;
    // = any(array(...)) turns the ctid list into a TID scan, which "ctid in (select ...)" may not.
    private const string Sql = """
        delete from documents
        where ctid = any(array(
            select ctid from documents
            where container = @container and expires_at is not null and expires_at <= @now
            limit @batch
            for update skip locked))
        and expires_at <= @now
        """;

    public Task<int> PurgeExpiredAsync(string container, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return PostgresDocumentStore.Guard(async () =>
        {
            await using var command = dataSource.CreateCommand(Sql);
            command.Parameters.AddWithValue("container", container);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("batch", batchSize);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }
}
