using System.Globalization;
using Cairn.Search;
using Cairn.Search.Postgres;
using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cairn.Tests.Search;

/// <summary>The conformance suite on PostgreSQL, each test in its own throwaway database, plus what only PostgreSQL promises.</summary>
[Trait("Storage", "Own")]
public sealed class PostgresSearchIndexTests : SearchIndexConformanceTests
{
    private readonly TestDatabase _database = new();
    private readonly List<SearchDataSource> _dataSources = [];

    protected override bool ScoresAreExactBm25 => true;

    public override async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        {
            await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None);
            await PostgresSearchSchema.EnsureModelAsync(dataSource, HashingEmbedder.Model, NullLogger.Instance, CancellationToken.None);
        }
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    protected override Task<ISearchIndex> CreateIndexAsync(SearchOptions options)
    {
        var dataSource = SearchDataSource.Create(_database.ConnectionString, options);
        _dataSources.Add(dataSource);
        return Task.FromResult<ISearchIndex>(new PostgresSearchIndex(dataSource, Microsoft.Extensions.Options.Options.Create(options), HashingEmbedder.Model, new VectorReadiness()));
    }

    [Theory]
    [InlineData(ScoreNormalization.TheoreticalMinMax, true)]
    [InlineData(ScoreNormalization.MinMax, false)]
    public async Task UnderConvexFusionAnExactMatchOutranksLookAlikesOnlyWhenScoresKeepTheirFloor(ScoreNormalization normalization, bool ranksFirst)
    {
        Index = await CreateIndexAsync(new SearchOptions
        {
            CandidatesPerArm = 10,
            Fusion = { Method = FusionMethod.Convex, KeywordWeight = FusionOptions.SentenceModelKeywordWeight, Normalization = normalization },
        });
        await UpsertAsync(ManyAlikeAndOneExactMatch());

        var hits = await Index.SearchAsync(ExactMatchQuery, CancellationToken.None);

        // Min-max counts the fifteen equal look-alikes as the best possible (1) and the exact match, which the vector arm
        // ranks nowhere, as 0: 0.6 beats 0.4. Over a floor of 0 the exact match keeps half of the best cosine.
        Assert.Equal(ranksFirst, hits[0].Id == "exact");
        Assert.Equal(ranksFirst, hits.Any(h => h.Id == "exact"));
        Assert.Null(hits.FirstOrDefault(h => h.Id == "exact")?.Vector); // the vector arm still reports only what it returned
    }

    [Theory]
    [InlineData(FusionMethod.Convex)]
    [InlineData(FusionMethod.Rrf)]
    public async Task AVectorWithoutDirectionAlreadyInTheIndexDoesNotDisturbTheRanking(FusionMethod fusion)
    {
        Index = await CreateIndexAsync(Options(fusion));
        await UpsertAsync(
            Doc("relevant", "websocket connections drop behind nginx") with { Vector = HashingEmbedder.Axis(0) },
            Doc("older", "outcome target") with { Vector = HashingEmbedder.Axis(2) });
        // As an index written before vectors were checked for a direction holds it (pgvector's cosine of it is NaN).
        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        {
            await using var command = dataSource.CreateCommand("update search_documents set embedding = @v::real[]::vector where id = 'older'");
            command.Parameters.AddWithValue("v", new float[HashingEmbedder.Dimensions]);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var hits = await Index.SearchAsync(new SearchQuery("websocket nginx outcome") { Vector = HashingEmbedder.Axis(0) }, CancellationToken.None);

        Assert.Equal(["relevant", "older"], hits.Select(h => h.Id));
        Assert.All(hits, h => Assert.True(double.IsFinite(h.Score), $"{h.Id} scored {h.Score}"));
        Assert.Null(hits[1].Vector);
    }

    [Fact]
    public async Task AVectorRecordedAsAnotherModelsNeverJoinsTheVectorArm()
    {
        await UpsertAsync(Doc("current", "kafka consumer lag") with { Vector = HashingEmbedder.Axis(0) },
            Doc("stale", "kafka broker restart") with { Vector = HashingEmbedder.Axis(0) });
        // As an instance still running the previous model writes during a model change.
        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        {
            await using var command = dataSource.CreateCommand("update search_documents set embedding_model = 'previous-model' where id = 'stale'");
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var vector = await Index.SearchAsync(new SearchQuery("") { Vector = HashingEmbedder.Axis(0) }, CancellationToken.None);
        var hybrid = await Index.SearchAsync(new SearchQuery("kafka") { Vector = HashingEmbedder.Axis(0) }, CancellationToken.None);

        Assert.Equal(["current"], vector.Select(h => h.Id));
        Assert.Null(hybrid.Single(h => h.Id == "stale").Vector);
        Assert.NotNull(hybrid.Single(h => h.Id == "current").Vector);
    }

    [Theory]
    [InlineData(FusionMethod.Convex)]
    [InlineData(FusionMethod.Rrf)]
    public async Task HybridFusedInProcessEqualsTheOneStatementToTheLastDigit(FusionMethod fusion)
    {
        var options = new SearchOptions { CandidatesPerArm = 12, Fusion = { Method = fusion, KeywordWeight = 0.3 } };
        var index = (PostgresSearchIndex)await CreateIndexAsync(options);
        Index = index;
        var random = new Random(23);
        string[] words = ["kafka", "lag", "nginx", "timeout", "redis", "eviction", "docker", "image", "postgres", "vacuum", "error", "fix"];
        string Text(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => words[random.Next(words.Length)]));
        // Copies of one text tie in both arms, so the order among them is the tie-break on id.
        await UpsertAsync([.. Enumerable.Range(0, 60).Select(i => Doc($"d{i:D2}", Text(2 + random.Next(6)))), .. Enumerable.Range(0, 4).Select(i => Doc($"copy{3 - i}", "kafka lag fix"))]);

        foreach (var text in Enumerable.Range(0, 12).Select(i => i == 0 ? "kafka lag fix" : Text(1 + i % 4)))
        {
            var query = new SearchQuery(text) { Vector = HashingEmbedder.Embed(text), Limit = 8 };
            var hits = await index.SearchAsync(query, CancellationToken.None);

            var (mirror, terms) = await index.Mirror.CatchUpAsync(text, CancellationToken.None);
            var plan = new PostgresSearchSql.Plan(mirror.Search(terms, SearchFilter.None, 12), Vector: true, fusion, options.Fusion, 12, 0.3, HashingEmbedder.Model.Model);
            await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
            await using var command = dataSource.CreateCommand();
            command.CommandText = PostgresSearchSql.Build(query, plan, command.Parameters);
            var statement = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    statement.Add(string.Join('|', reader.GetString(0), reader.GetDouble(1).ToString("R", CultureInfo.InvariantCulture),
                        reader.IsDBNull(2) ? "-" : reader.GetInt64(2), reader.IsDBNull(3) ? "-" : reader.GetDouble(3).ToString("R", CultureInfo.InvariantCulture),
                        reader.IsDBNull(4) ? "-" : reader.GetInt64(4), reader.IsDBNull(5) ? "-" : reader.GetDouble(5).ToString("R", CultureInfo.InvariantCulture)));
                }
            }

            Assert.Equal(statement, hits.Select(h => string.Join('|', h.Id, h.Score.ToString("R", CultureInfo.InvariantCulture),
                h.Keyword is null ? "-" : h.Keyword.Rank, h.Keyword is null ? "-" : h.Keyword.Score.ToString("R", CultureInfo.InvariantCulture),
                h.Vector is null ? "-" : h.Vector.Rank, h.Vector is null ? "-" : h.Vector.Score.ToString("R", CultureInfo.InvariantCulture))));
        }
    }

    [Fact]
    public async Task StatisticsForgetDeletedAndReplacedDocuments()
    {
        await UpsertAsync(Doc("a", "kafka consumer lag"), Doc("b", "kafka broker"), Doc("c", "consumer group rebalance"));
        await UpsertAsync(Doc("b", "kafka broker restart"));
        await Index.DeleteAsync("c", CancellationToken.None);
        var afterChanges = await SearchAsync(Mode.Keyword, "kafka consumer restart");

        await using var fresh = new PostgresSearchIndexTests();
        await fresh.InitializeAsync();
        await fresh.UpsertAsync(Doc("a", "kafka consumer lag"), Doc("b", "kafka broker restart"));
        var fromScratch = await fresh.SearchAsync(Mode.Keyword, "kafka consumer restart");

        Assert.Equal(fromScratch.Select(h => (h.Id, h.Score)), afterChanges.Select(h => (h.Id, h.Score)));
    }

    // 20 documents pass the conformance scenario's filter: up to 19 the vector arm walks HNSW, from 20 it ranks them exactly
    // (the mirror's quantised vectors off; with them, the next test).
    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(20)]
    public async Task EitherSideOfTheExactVectorThresholdRanksThePassingDocumentsByCosine(int exactUpTo)
    {
        Index = await CreateIndexAsync(new SearchOptions { CandidatesPerArm = 10, ExactVectorSearchUpTo = exactUpTo, MirrorVectors = false });

        await AssertSelectiveFilterRanksByCosineAsync();
    }

    // 20 pass, at 64 dimensions: up to 19 × 64 codes HNSW walks, from 20 × 64 the mirror shortlists them by their int8 vectors.
    [Theory]
    [InlineData(19 * 64, false)]
    [InlineData(20 * 64, true)]
    public async Task EitherSideOfTheMirroredVectorLimitRanksThePassingDocumentsByCosine(long scanUpTo, bool shortlisted)
    {
        var index = (PostgresSearchIndex)await CreateIndexAsync(new SearchOptions { CandidatesPerArm = 10, MirroredVectorScanUpTo = scanUpTo, ExactVectorSearchUpTo = 0 });
        Index = index;

        await AssertSelectiveFilterRanksByCosineAsync();

        Assert.Equal(shortlisted ? 1 : 0, index.ShortlistedSearches);
    }

    /// <summary>
    /// Near-ties the int8 copy cannot tell apart: 60 passing documents at angles to the query that differ by less than an int8
    /// step, among 60 far ones. Through the real index, the filtered hybrid search must rank them by their exact cosines.
    /// </summary>
    [Fact]
    public async Task NearTiesThatQuantisingScramblesStillRankByTheirExactCosines()
    {
        var index = (PostgresSearchIndex)await CreateIndexAsync(new SearchOptions { CandidatesPerArm = 10 });
        Index = index;
        var random = new Random(11);
        var query = Unit([.. Enumerable.Range(0, HashingEmbedder.Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
        var documents = Enumerable.Range(0, 120).Select(i =>
        {
            var sideways = Unit(Orthogonal(query, [.. Enumerable.Range(0, query.Length).Select(_ => (float)(random.NextDouble() * 2 - 1))]));
            var tilt = 0.02 + 0.002 * ((i * 37) % 60);
            float[] vector = i < 60 ? [.. query.Select((q, d) => (float)(q + tilt * sideways[d]))] : sideways;
            return Doc($"n{i:000}", $"entry {i}") with { Domain = "networking", Vector = vector };
        }).ToArray();
        await UpsertAsync(documents);
        var expected = documents.Select(d => (d.Id, Cosine: Cosine.Of(d.Vector!.Value.Span, query))).OrderByDescending(d => d.Cosine).Take(10).ToList();

        var hits = await Index.SearchAsync(
            new SearchQuery("zyxwvutsrq") { Vector = query, Filter = new SearchFilter { Domain = "networking" }, Limit = 10 }, CancellationToken.None);

        Assert.Equal(1, index.ShortlistedSearches);
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id));
        Assert.All(hits.Zip(expected), pair => Assert.Equal(pair.Second.Cosine, pair.First.Vector!.Score, 5));
    }

    private static float[] Unit(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        return [.. vector.Select(v => (float)(v / norm))];
    }

    private static float[] Orthogonal(float[] axis, float[] vector)
    {
        var along = axis.Zip(vector, (a, v) => (double)a * v).Sum();
        return [.. vector.Select((v, d) => (float)(v - along * axis[d]))];
    }

    [Fact]
    public async Task ATermInNearlyEveryDocumentStillCountsBesideARareOne()
    {
        await UpsertAsync([.. Enumerable.Range(0, 200).Select(i => Doc($"filler-{i:D3}", $"error number {i}")), Doc("needle", "needle error")]);

        var both = await SearchAsync(Mode.Keyword, "needle error", limit: SearchFields.MaxLimit);

        // Scoring is exhaustive: the common word ranks every filler below the needle, but finds them all.
        Assert.Equal("needle", both[0].Id);
        Assert.Equal(SearchFields.MaxLimit, both.Count);
    }

    [Fact]
    public async Task SearchConnectionsCompileNothingAndKeepScanningFilteredVectors()
    {
        await using var dataSource = SearchDataSource.Create(_database.ConnectionString, new SearchOptions());
        await using var command = dataSource.Inner.CreateCommand("select current_setting('jit'), current_setting('hnsw.iterative_scan')");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(("off", "relaxed_order"), (reader.GetString(0), reader.GetString(1)));
    }

    [Fact]
    public async Task ConcurrentWritersSharingTermsAllLand()
    {
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await UpsertAsync(Doc($"w{w}-{i}", $"shared words everywhere writer{w} item{i}"), Doc($"w{w}-{i}-b", "shared words again"));
            }
        }));
        await Task.WhenAll(writers);

        Assert.Equal(80, (await SearchAsync(Mode.Keyword, "shared", limit: SearchFields.MaxLimit)).Count);
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var command = dataSource.CreateCommand("select count(*) from search_terms where lexeme = 'share' and field = 0");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ConcurrentBatchesWhoseDocumentsShareTermsInOppositeOrdersAllLand()
    {
        // Within a batch each document locks its own terms; across batches the documents' orders disagree.
        var words = Enumerable.Range(0, 200).Select(i => $"word{(char)('a' + i % 26)}{(char)('a' + i / 26)}").ToArray();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var b = 0; b < 3; b++)
            {
                await UpsertAsync([.. Enumerable.Range(0, 50).Select(i =>
                    Doc($"w{w}-{b}-{i:D2}", string.Join(' ', Enumerable.Range(0, 30).Select(_ => words[random.Next(words.Length)])) + " common"))]);
            }
        }));
        await Task.WhenAll(writers);

        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "select count(*) from search_documents d join search_terms t on t.term = any(d.terms) where t.lexeme = 'common' and t.field = 0");
        Assert.Equal(600L, await command.ExecuteScalarAsync());
    }
}
