using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Cairn.Search.Postgres;

/// <summary>
/// Keeps this process's <see cref="KeywordIndex"/> in step with search_documents (docs/search.md, "The keyword arm").
/// Loaded whole on the first search; before each search one round trip reads what committed since the last one and
/// tokenises the query. Every write stamps its row (or its tombstone) with its transaction id; a catch-up reads the
/// ids at or above the xmin of the previous catch-up's snapshot, the oldest transaction that was still running then,
/// so one that began earlier but committed later is still read (an advisory lock ordering commits would make every
/// writer wait on every other instead).
/// </summary>
public sealed class KeywordMirror(SearchDataSource dataSource, TimeProvider time)
{
    /// <summary>How long tombstones are kept; a mirror that has not caught up for longer reloads whole.</summary>
    public static readonly TimeSpan TombstoneRetention = TimeSpan.FromDays(1);

    private const string Columns = "doc, id, xid::text, kind, owner, visibility = 'public', scope, domain, tools, status, quality, lengths, terms, tfs";

    // Catch-ups run one at a time: two applying rows read from different snapshots could otherwise apply an older
    // version of a document after a newer one.
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private KeywordIndex? _index;
    private ulong _since;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Whole loads so far (the first search, and each time tombstones it never read were pruned).</summary>
    public int Loads { get; private set; }

    /// <summary>The last whole load: documents, postings and how long it took.</summary>
    public (int Documents, long Postings, TimeSpan Elapsed)? LastLoad { get; private set; }

    /// <summary>Brings the mirror up to every write committed before this call, and returns the query's terms.</summary>
    public async Task<(KeywordIndex Index, IReadOnlyList<QueryTerm> Terms)> CatchUpAsync(string text, CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await dataSource.Inner.OpenConnectionAsync(cancellationToken);
            if (_index is null)
            {
                await LoadAsync(connection, cancellationToken);
            }
            await PruneAsync(connection, cancellationToken);

            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "select pg_snapshot_xmin(pg_current_snapshot())::text, (select pruned_through::text from search_feed)"));
            batch.BatchCommands.Add(Since($"select {Columns} from search_documents where xid >= @since::xid8"));
            batch.BatchCommands.Add(Since("select doc from search_tombstones where xid >= @since::xid8"));
            var tokenise = new NpgsqlBatchCommand("""
                select t.term, t.field, q.qtf
                from (select lexeme, coalesce(array_length(positions, 1), 1)::float8 as qtf from unnest(to_tsvector('english', @text))) q
                join search_terms t on t.lexeme = q.lexeme
                """);
            tokenise.Parameters.AddWithValue("text", text);
            batch.BatchCommands.Add(tokenise);

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (next, pruned) = (Xid(reader.GetString(0)), Xid(reader.GetString(1)));
            await reader.NextResultAsync(cancellationToken);
            var rows = await ReadRowsAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var deleted = new List<int>();
            while (await reader.ReadAsync(cancellationToken))
            {
                deleted.Add(reader.GetInt32(0));
            }
            await reader.NextResultAsync(cancellationToken);
            var terms = new List<QueryTerm>();
            while (await reader.ReadAsync(cancellationToken))
            {
                terms.Add(new QueryTerm(reader.GetInt32(0), reader.GetInt16(1), reader.GetDouble(2)));
            }
            await reader.DisposeAsync();

            if (pruned >= _since)
            {
                // Tombstones this mirror never read were pruned: only a whole load knows what was deleted.
                await LoadAsync(connection, cancellationToken);
            }
            else
            {
                _index!.Apply(rows, deleted);
                _since = Math.Max(_since, next);
            }
            return (_index!, terms);
        }
        finally
        {
            _catchUp.Release();
        }

        NpgsqlBatchCommand Since(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("since", _since.ToString(CultureInfo.InvariantCulture));
            return command;
        }
    }

    // One snapshot for the rows and the xmin, so the next catch-up starts where this load's view of the table ends.
    private async Task LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        ulong since;
        await using (var xmin = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text", connection, transaction))
        {
            since = Xid((string)(await xmin.ExecuteScalarAsync(cancellationToken))!);
        }
        var index = new KeywordIndex();
        await using (var read = new NpgsqlCommand($"select {Columns} from search_documents", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            index.Apply(await ReadRowsAsync(reader, cancellationToken), []);
        }
        index.Trim();
        await transaction.CommitAsync(cancellationToken);
        (_index, _since) = (index, since);
        LastLoad = (index.Documents, index.Postings, Stopwatch.GetElapsedTime(started));
        Loads++;
    }

    private async Task PruneAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastPrune = now;
        await using var prune = new NpgsqlCommand("select search_prune_tombstones(@retention)", connection);
        prune.Parameters.AddWithValue("retention", TombstoneRetention);
        await prune.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<KeywordRow>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<KeywordRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new KeywordRow(
                reader.GetInt32(0), reader.GetString(1), Xid(reader.IsDBNull(2) ? "0" : reader.GetString(2)), reader.GetString(3), Text(reader, 4),
                reader.GetBoolean(5), Text(reader, 6), Text(reader, 7), reader.GetFieldValue<string[]>(8), Text(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetDouble(10), reader.GetFieldValue<int[]>(11), reader.GetFieldValue<int[]>(12),
                reader.GetFieldValue<int[]>(13)));
        }
        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static ulong Xid(string value) => ulong.Parse(value, CultureInfo.InvariantCulture);
}
