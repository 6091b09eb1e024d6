using Cairn.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Search.Postgres;

/// <summary>
/// The search port on PostgreSQL: writes go through <c>search_upsert</c>/<c>search_delete</c>; a query scores BM25 in
/// this process's <see cref="KeywordMirror"/> while the vector arm runs on another connection, and the two are fused here
/// (<see cref="HybridFusion"/>; the floor-0 normalisations fuse in one statement, <see cref="PostgresSearchSql"/>).
/// </summary>
public sealed class PostgresSearchIndex(
    SearchDataSource dataSource, IOptions<SearchOptions> options, EmbeddingModelInfo model, VectorReadiness vectors, TimeProvider? time = null) : ISearchIndex
{
    private const int WriteAttempts = 3;

    /// <summary>The advisory lock multi-document batches hold for their transaction ("cairnsb" in ASCII; the migrator uses another).</summary>
    private const long BatchLockKey = 0x63_61_69_72_6e_73_62;

    private readonly SearchOptions _options = options.Value;
    private readonly FusionMethod _fusion = options.Value.Fusion.Resolve(model.Provider);
    private readonly double _keywordWeight = options.Value.Fusion.ResolveKeywordWeight(model.Provider, model.Model);

    private int _shortlisted;

    /// <summary>Filtered hybrid searches whose vector arm ranked a shortlist drawn from the mirror's quantised vectors.</summary>
    public int ShortlistedSearches => Volatile.Read(ref _shortlisted);

    /// <summary>This instance's copy of the keyword index (loaded on the first keyword search).</summary>
    public KeywordMirror Mirror { get; } = new(dataSource, time ?? TimeProvider.System, options.Value.MirrorVectors ? model.Model : null, model.Dimensions);

    public async Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            SearchValidation.Validate(document, model.Dimensions);
        }
        if (documents.Count == 0)
        {
            return;
        }

        // Ids in order keep two overlapping batches from locking the same documents in opposite orders.
        var ordered = documents.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        await WriteAsync(async (connection, transaction) =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            if (ordered.Count > 1)
            {
                // Each document allocates its new terms in a fixed order, but a batch's documents take theirs one after
                // another, so two batches would deadlock on the new terms they share: batches take turns.
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"select pg_advisory_xact_lock({BatchLockKey})"));
            }
            foreach (var document in ordered)
            {
                batch.BatchCommands.Add(UpsertCommand(document));
                batch.BatchCommands.Add(ProvenanceCommand(document));
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<bool> UpdateStatsAsync(string id, string? status, double? quality, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("select search_set_stats(@id, @status, @quality)", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.Add(Nullable("status", NpgsqlDbType.Text, status));
            command.Parameters.Add(Nullable("quality", NpgsqlDbType.Double, quality));
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("select search_delete(@id)", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        SearchValidation.Validate(query, model.Dimensions);
        if (SearchValidation.IsEmpty(query))
        {
            return [];
        }

        // While another model's vectors are being replaced, the vector arm waits: keyword-only, never two models mixed.
        query = query with { Text = SearchText.Clean(query.Text), Vector = vectors.IsReady ? SearchText.NonZero(query.Vector) : null };
        if (SearchValidation.IsEmpty(query))
        {
            return [];
        }

        var candidates = Math.Max(_options.CandidatesPerArm, query.Limit);
        try
        {
            if (string.IsNullOrWhiteSpace(query.Text))
            {
                return await StatementAsync(query, new PostgresSearchSql.Plan(null, Vector: true, _fusion, _options.Fusion, candidates, _keywordWeight, model.Model), cancellationToken);
            }

            // Both arms at once: the vector arm on its own connection while the mirror catches up and scores, fused here. A
            // filtered query waits for the mirror instead, which ranks the passing documents' vectors (or says whether few enough
            // pass to rank them exactly in SQL), unless so many pass that HNSW's walk is cheaper: then side by side too.
            var vectorArm = query.Vector is not null && HybridFusion.Supports(_fusion, _options.Fusion) && (!KeywordIndex.HasCondition(query.Filter) || Broad(query.Filter))
                ? VectorCandidatesAsync(query, candidates, cancellationToken)
                : null;
            KeywordIndex index;
            KeywordCandidates keyword;
            try
            {
                (index, keyword) = await KeywordAsync(query, candidates, cancellationToken);
            }
            catch when (vectorArm is not null)
            {
                await vectorArm.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                throw;
            }

            if (query.Vector is null)
            {
                // Keyword only: the mirror has just caught up and knows the ids, so no second round trip.
                return [.. keyword.Ids.Take(query.Limit).Select((id, i) => new SearchHit(id, keyword.Scores[i], new ArmResult(i + 1, keyword.Scores[i]), null))];
            }
            if (vectorArm is not null)
            {
                return HybridFusion.Fuse(keyword, await vectorArm, _fusion, _options.Fusion, _keywordWeight, query.Limit);
            }
            var passing = Shortlist(index, query, candidates) ?? index.Passing(query.Filter, _options.ExactVectorSearchUpTo);
            if (passing is not null && HybridFusion.Supports(_fusion, _options.Fusion))
            {
                // The exact vector arm over those few, fused here like the arms side by side (no keyword arrays sent).
                return HybridFusion.Fuse(keyword, await VectorCandidatesAsync(query, candidates, cancellationToken, passing),
                    _fusion, _options.Fusion, _keywordWeight, query.Limit);
            }
            // HNSW with a filter, or a floor-0 normalisation (which needs every keyword candidate's cosine): the one statement.
            return await StatementAsync(query,
                new PostgresSearchSql.Plan(keyword, Vector: true, _fusion, _options.Fusion, candidates, _keywordWeight, model.Model, passing), cancellationToken);
        }
        catch (NpgsqlException exception) when (IsUnavailable(exception))
        {
            throw new StorageUnavailableException("PostgreSQL is not reachable for search.", exception);
        }
    }

    private async Task<(KeywordIndex Index, KeywordCandidates Candidates)> KeywordAsync(SearchQuery query, int candidates, CancellationToken cancellationToken)
    {
        var (index, terms) = await Mirror.CatchUpAsync(query.Text!, cancellationToken);
        using var activity = SearchActivities.Source.StartActivity(SearchActivities.Score);
        return (index, index.Search(terms, query.Filter, candidates));
    }

    private bool Broad(SearchFilter filter) =>
        Mirror.Current is { } current && current.LikelyMoreThan(filter, _options.MirrorVectors
            ? _options.MirroredVectorScanUpTo / QuantizedVectors.StrideOf(model.Dimensions)
            : _options.ExactVectorSearchUpTo);

    // The documents a filtered vector arm ranks exactly, chosen in the mirror by their quantised vectors; null: HNSW (or the
    // mirror holds no vectors). An unfiltered query keeps HNSW, which reads far less than a pass over every vector.
    private int[]? Shortlist(KeywordIndex index, SearchQuery query, int candidates)
    {
        if (!KeywordIndex.HasCondition(query.Filter))
        {
            return null;
        }
        using var activity = SearchActivities.Source.StartActivity(SearchActivities.VectorMirror);
        var shortlist = index.Shortlist(query.Filter, query.Vector!.Value.Span, candidates, _options.MirroredVectorScanUpTo);
        activity?.SetTag("cairn.search.passing", shortlist?.Passing);
        activity?.SetTag("cairn.search.shortlist", shortlist?.Docs.Length);
        if (shortlist is not null)
        {
            Interlocked.Increment(ref _shortlisted);
        }
        return shortlist?.Docs;
    }

    /// <summary>The vector arm alone, its top candidates with their ids (the statement without a keyword arm, cut at the candidates).</summary>
    private async Task<List<HybridFusion.VectorCandidate>> VectorCandidatesAsync(
        SearchQuery query, int candidates, CancellationToken cancellationToken, int[]? passing = null)
    {
        using var activity = SearchActivities.Source.StartActivity(SearchActivities.VectorArm);
        await using var command = dataSource.Inner.CreateCommand();
        command.CommandText = PostgresSearchSql.Build(query with { Limit = candidates },
            new PostgresSearchSql.Plan(null, Vector: true, _fusion, _options.Fusion, candidates, _keywordWeight, model.Model, passing), command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<HybridFusion.VectorCandidate>(candidates);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new HybridFusion.VectorCandidate(reader.GetString(0), (int)reader.GetInt64(4), reader.GetDouble(5)));
        }
        return rows;
    }

    private async Task<List<SearchHit>> StatementAsync(SearchQuery query, PostgresSearchSql.Plan plan, CancellationToken cancellationToken)
    {
        using var activity = SearchActivities.Source.StartActivity(SearchActivities.Statement);
        await using var command = dataSource.Inner.CreateCommand();
        command.CommandText = PostgresSearchSql.Build(query, plan, command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hits = new List<SearchHit>(query.Limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(reader.GetString(0), reader.GetDouble(1), Arm(reader, 2), Arm(reader, 4)));
        }
        return hits;
    }

    private static ArmResult? Arm(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new ArmResult((int)reader.GetInt64(ordinal), reader.GetDouble(ordinal + 1));

    private static NpgsqlBatchCommand UpsertCommand(SearchDocument document)
    {
        var command = new NpgsqlBatchCommand("select search_upsert(@id, @kind, @owner, @visibility, @scope, @domain, @tools, @status, @quality, @title, @content, @notes, @embedding)");
        var parameters = command.Parameters;
        parameters.AddWithValue("id", document.Id);
        parameters.AddWithValue("kind", document.Kind);
        parameters.Add(Nullable("owner", NpgsqlDbType.Text, document.Owner));
        parameters.AddWithValue("visibility", PostgresSearchFilter.Visibility(document.Visibility));
        parameters.Add(Nullable("scope", NpgsqlDbType.Text, document.Scope));
        parameters.Add(Nullable("domain", NpgsqlDbType.Text, document.Domain));
        parameters.Add(new NpgsqlParameter("tools", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = document.Tools.ToArray() });
        parameters.Add(Nullable("status", NpgsqlDbType.Text, document.Status));
        parameters.Add(Nullable("quality", NpgsqlDbType.Double, document.Quality));
        parameters.AddWithValue("title", SearchText.Clean(document.Title));
        parameters.AddWithValue("content", SearchText.Clean(document.Content));
        parameters.AddWithValue("notes", SearchText.Clean(document.Notes));
        parameters.Add(Nullable("embedding", NpgsqlDbType.Array | NpgsqlDbType.Real, SearchText.NonZero(document.Vector)?.ToArray()));
        return command;
    }

    /// <summary>Which model the vector came from and the text it was embedded from, for re-embedding when the model changes.</summary>
    private NpgsqlBatchCommand ProvenanceCommand(SearchDocument document)
    {
        var command = new NpgsqlBatchCommand("update search_documents set embedding_model = @model, embedding_text = @text where id = @id");
        command.Parameters.AddWithValue("id", document.Id);
        command.Parameters.AddWithValue("model", model.Model);
        command.Parameters.Add(Nullable("text", NpgsqlDbType.Text, document.VectorText is null ? null : SearchText.Clean(document.VectorText)));
        return command;
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    /// <summary>Runs a write in a transaction; a deadlock between writers that share terms is retried, connection loss is translated.</summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.Inner.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await write(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException exception) when (attempt < WriteAttempts && exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // The other writer has finished by now; go again.
            }
            catch (NpgsqlException exception) when (IsUnavailable(exception))
            {
                throw new StorageUnavailableException("PostgreSQL is not reachable for search.", exception);
            }
        }
    }

    private static bool IsUnavailable(NpgsqlException exception) =>
        exception is not PostgresException && exception.InnerException is System.Net.Sockets.SocketException or TimeoutException or IOException
        || exception.IsTransient;
}
