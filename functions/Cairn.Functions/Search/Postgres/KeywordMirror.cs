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
/// <param name="vectorModel">With it, each document's vector of that model is kept too, int8-quantised (<see cref="QuantizedVectors"/>).</param>
public sealed class KeywordMirror(SearchDataSource dataSource, TimeProvider time, string? vectorModel = null, int vectorDimensions = 0)
{
    /// <summary>How long tombstones are kept; a mirror that has not caught up for longer reloads whole.</summary>
    public static readonly TimeSpan TombstoneRetention = TimeSpan.FromDays(1);

    // Only the current model's vectors: one of another model (a re-embedding under way) is held as none.
    private readonly string _columns = "doc, id, xid::text, kind, owner, visibility = 'public', scope, domain, tools, status, quality, lengths, terms, tfs, "
        + (vectorModel is null ? "null::real[]" : "case when embedding_model = @model then embedding::real[] end");

    // Catch-ups run one at a time: two applying rows read from different snapshots could otherwise apply an older
    // version of a document after a newer one.
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly List<Waiter> _queue = [];
    private KeywordIndex? _index;
    private ulong _since;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>The index as of the last catch-up (null before the first search): enough to guess which path a query takes.</summary>
    public KeywordIndex? Current => _index;

    /// <summary>Whole loads so far (the first search, and each time tombstones it never read were pruned).</summary>
    public int Loads { get; private set; }

    /// <summary>Catch-up round trips so far (one can serve several searches).</summary>
    public int CatchUps { get; private set; }

    /// <summary>The last whole load: documents, postings and how long it took.</summary>
    public (int Documents, long Postings, TimeSpan Elapsed)? LastLoad { get; private set; }

    /// <summary>
    /// Brings the mirror up to every write committed before this call, and returns the query's terms. Searches that arrive
    /// while a catch-up runs queue; the next catch-up serves all of them in one round trip (each query tokenised in its own
    /// command of the batch), since each arrived before that catch-up's snapshot was taken.
    /// </summary>
    public async Task<(KeywordIndex Index, IReadOnlyList<QueryTerm> Terms)> CatchUpAsync(string text, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(text);
        lock (_queue)
        {
            _queue.Add(waiter);
        }
        var acquire = _catchUp.WaitAsync(cancellationToken);
        if (await Task.WhenAny(waiter.Result.Task, acquire) != acquire)
        {
            // Served by a catch-up another search led: no need to queue for the lock (it is given back once granted).
            _ = acquire.ContinueWith(static (granted, gate) =>
            {
                if (granted.IsCompletedSuccessfully)
                {
                    ((SemaphoreSlim)gate!).Release();
                }
            }, _catchUp, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return await waiter.Result.Task;
        }
        try
        {
            await acquire;
        }
        catch (OperationCanceledException)
        {
            lock (_queue)
            {
                _queue.Remove(waiter);
            }
            throw;
        }
        try
        {
            if (!waiter.Result.Task.IsCompleted)
            {
                // Everyone queued so far arrived before this catch-up begins, so its snapshot holds their writes too.
                List<Waiter> group;
                lock (_queue)
                {
                    group = [.. _queue];
                    _queue.Clear();
                }
                try
                {
                    await CatchUpAsync(group, cancellationToken);
                }
                catch (Exception exception)
                {
                    // This caller's failure (or cancellation) is not the others': they go back in line for the next catch-up.
                    lock (_queue)
                    {
                        _queue.InsertRange(0, group.Where(w => w != waiter && !w.Result.Task.IsCompleted));
                    }
                    waiter.Result.TrySetException(exception);
                }
            }
        }
        finally
        {
            _catchUp.Release();
        }
        return await waiter.Result.Task;
    }

    private async Task CatchUpAsync(List<Waiter> group, CancellationToken cancellationToken)
    {
        using var activity = SearchActivities.Source.StartActivity(SearchActivities.CatchUp);
        activity?.SetTag("cairn.search.queries", group.Count);
        CatchUps++;
        await using var connection = await dataSource.Inner.OpenConnectionAsync(cancellationToken);
        if (_index is null)
        {
            await LoadAsync(connection, cancellationToken);
        }
        await PruneAsync(connection, cancellationToken);

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "select pg_snapshot_xmin(pg_current_snapshot())::text, (select pruned_through::text from search_feed)"));
        var changed = Since($"select {_columns} from search_documents where xid >= @since::xid8");
        AddModel(changed.Parameters);
        batch.BatchCommands.Add(changed);
        batch.BatchCommands.Add(Since("select doc from search_tombstones where xid >= @since::xid8"));
        foreach (var waiter in group)
        {
            var tokenise = new NpgsqlBatchCommand("""
                select t.term, t.field, q.qtf
                from (select lexeme, coalesce(array_length(positions, 1), 1)::float8 as qtf from unnest(to_tsvector('english', @text))) q
                join search_terms t on t.lexeme = q.lexeme
                """);
            tokenise.Parameters.AddWithValue("text", waiter.Text);
            batch.BatchCommands.Add(tokenise);
        }

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
        var terms = new List<QueryTerm>[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            await reader.NextResultAsync(cancellationToken);
            terms[i] = [];
            while (await reader.ReadAsync(cancellationToken))
            {
                terms[i].Add(new QueryTerm(reader.GetInt32(0), reader.GetInt16(1), reader.GetDouble(2)));
            }
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
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Result.TrySetResult((_index!, terms[i]));
        }

        NpgsqlBatchCommand Since(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("since", _since.ToString(CultureInfo.InvariantCulture));
            return command;
        }
    }

    /// <summary>A search waiting for a catch-up: its text, and the index and terms once one has served it.</summary>
    private sealed class Waiter(string text)
    {
        public string Text { get; } = text;

        public TaskCompletionSource<(KeywordIndex Index, IReadOnlyList<QueryTerm> Terms)> Result { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        var index = new KeywordIndex(vectorModel is null ? 0 : vectorDimensions);
        await using (var read = new NpgsqlCommand($"select {_columns} from search_documents", connection, transaction))
        {
            AddModel(read.Parameters);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            // In chunks: the rows' vectors as float[] would otherwise all be held at once beside their quantised copies.
            while (await ReadRowsAsync(reader, cancellationToken, 4096) is { Count: > 0 } rows)
            {
                index.Apply(rows, []);
            }
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

    private static async Task<List<KeywordRow>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken, int max = int.MaxValue)
    {
        var rows = new List<KeywordRow>();
        while (rows.Count < max && await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new KeywordRow(
                reader.GetInt32(0), reader.GetString(1), Xid(reader.IsDBNull(2) ? "0" : reader.GetString(2)), reader.GetString(3), Text(reader, 4),
                reader.GetBoolean(5), Text(reader, 6), Text(reader, 7), reader.GetFieldValue<string[]>(8), Text(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetDouble(10), reader.GetFieldValue<int[]>(11), reader.GetFieldValue<int[]>(12),
                reader.GetFieldValue<int[]>(13), reader.IsDBNull(14) ? null : reader.GetFieldValue<float[]>(14)));
        }
        return rows;
    }

    private void AddModel(NpgsqlParameterCollection parameters)
    {
        if (vectorModel is not null)
        {
            parameters.AddWithValue("model", vectorModel);
        }
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static ulong Xid(string value) => ulong.Parse(value, CultureInfo.InvariantCulture);
}
