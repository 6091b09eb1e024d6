using Cairn.Search;

namespace Cairn.Tests.Search;

/// <summary>
/// The search port's contract. Each backend subclasses it once and supplies fresh, empty indexes; nothing here knows
/// which backend runs. Vectors come from <see cref="HashingEmbedder"/>, or are set by hand where a test needs it.
/// </summary>
public abstract partial class SearchIndexConformanceTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected ISearchIndex Index { get; set; } = null!;

    /// <summary>Small candidate lists, so a filter applied after an arm's top-k cut would visibly lose results.</summary>
    protected static SearchOptions Options(FusionMethod? fusion = null) =>
        new() { CandidatesPerArm = 10, Fusion = { Method = fusion } };

    /// <summary>A new, empty index for <see cref="HashingEmbedder.Model"/>; each test gets its own, so BM25 statistics start at zero.</summary>
    protected abstract Task<ISearchIndex> CreateIndexAsync(SearchOptions options);

    /// <summary>True when keyword scores are BM25 to the last digit (PostgreSQL), not just in BM25's order (Lucene quantises lengths).</summary>
    protected virtual bool ScoresAreExactBm25 => false;

    /// <summary>True when a hybrid hit says what each arm thought of it (PostgreSQL); Azure AI Search returns only its fused RRF score.</summary>
    protected virtual bool ReportsArmScores => true;

    public virtual async ValueTask InitializeAsync() => Index = await CreateIndexAsync(Options());

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public enum Mode
    {
        Keyword,
        Vector,
        Hybrid,
    }

    [Theory]
    [InlineData(Mode.Keyword)]
    [InlineData(Mode.Vector)]
    [InlineData(Mode.Hybrid)]
    public async Task AnExactMatchRanksFirst(Mode mode)
    {
        await UpsertAsync(
            Doc("vacuum", "Postgres vacuum freezes old tables"),
            Doc("compose", "Docker compose networking between containers"),
            Doc("rebase", "Git rebase conflicts after a squash"));

        var hits = await SearchAsync(mode, "docker compose networking between containers");

        Assert.Equal("compose", hits[0].Id);
    }

    [Fact]
    public async Task APartialMatchIsFoundAndRanksBelowFullerMatches()
    {
        await UpsertAsync(
            Doc("some", "Docker image layers"),
            Doc("more", "Docker compose on Kubernetes"),
            Doc("none", "Git rebase conflicts"));

        var hits = await SearchAsync(Mode.Keyword, "docker compose kubernetes helm");

        Assert.Equal(["more", "some"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task InflectedFormsMatchTheirStem()
    {
        await UpsertAsync(Doc("reindex", "Rebuilding indexes after upgrading"), Doc("other", "Compose networking"));

        var hits = await SearchAsync(Mode.Keyword, "rebuild index upgrade");

        Assert.Equal(["reindex"], hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData(Mode.Keyword)]
    [InlineData(Mode.Vector)]
    [InlineData(Mode.Hybrid)]
    public async Task ADeletedDocumentIsNeverReturned(Mode mode)
    {
        await UpsertAsync(Doc("keep", "redis eviction policy tuning"), Doc("gone", "redis eviction policy"));

        Assert.True(await Index.DeleteAsync("gone", None));

        var hits = await SearchAsync(mode, "redis eviction policy");
        Assert.Equal(["keep"], hits.Select(h => h.Id));
        Assert.False(await Index.DeleteAsync("gone", None));
    }

    [Fact]
    public async Task AnUpsertReplacesTheDocument()
    {
        await UpsertAsync(Doc("doc", "terraform state lock"));
        await UpsertAsync(Doc("doc", "helm chart values") with { Kind = "memory" });

        Assert.Empty(await SearchAsync(Mode.Keyword, "terraform state"));
        var hits = await SearchAsync(Mode.Hybrid, "helm chart", new SearchFilter { Kinds = ["memory"] });
        Assert.Equal(["doc"], hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData(Mode.Keyword)]
    [InlineData(Mode.Vector)]
    public async Task AStatsUpdateChangesStatusAndQualityButKeepsTextAndVector(Mode mode)
    {
        await UpsertAsync(Doc("doc", "kafka consumer lag alerts") with { Status = "published", Quality = 0.2 }, Doc("other", "kafka consumer lag") with { Status = "published", Quality = 0.9 });

        Assert.True(await Index.UpdateStatsAsync("doc", "quarantined", 0.95, None));

        Assert.Equal(["other"], (await SearchAsync(mode, "kafka consumer lag alerts", new SearchFilter { Statuses = ["published"] })).Select(h => h.Id));
        Assert.Equal(["doc"], (await SearchAsync(mode, "kafka consumer lag alerts", new SearchFilter { Statuses = ["quarantined"], MinQuality = 0.9 })).Select(h => h.Id));
    }

    [Fact]
    public async Task AStatsUpdateOfAnUnknownIdReturnsFalse() => Assert.False(await Index.UpdateStatsAsync("never-indexed", "published", 0.5, None));

    [Fact]
    public async Task DeletingAnUnknownIdReturnsFalse() => Assert.False(await Index.DeleteAsync("never-indexed", None));

    [Fact]
    public async Task KeywordOrderFollowsHandComputedBm25()
    {
        // Words chosen so that every analyser keeps them whole and distinct (no stop words, stems unchanged in kind).
        var documents = new Dictionary<string, string[]>
        {
            ["tf-saturates"] = ["vacuum", "vacuum", "vacuum", "vacuum", "vacuum", "postgres"],
            ["rare-term"] = ["postgres", "replication", "lag"],
            ["short"] = ["postgres", "vacuum"],
            ["long"] = ["postgres", "vacuum", "kafka", "consumer", "offset", "commit", "broker", "partition"],
            ["unrelated"] = ["kafka", "consumer", "lag", "broker"],
        };
        await UpsertAsync([.. documents.Select(d => Doc(d.Key, "") with { Content = string.Join(' ', d.Value) })]);
        var query = new[] { "postgres", "vacuum", "replication" };
        var expected = Bm25.Scores(documents, query).OrderByDescending(s => s.Value).ToList();

        var hits = await SearchAsync(Mode.Keyword, string.Join(' ', query));

        // By hand: idf(postgres) = ln(1 + 1.5/4.5) = 0.288, idf(vacuum) = ln(1 + 2.5/3.5) = 0.539, idf(replication) = ln(1 + 4.5/1.5) = 1.386;
        // so one "replication" outweighs five "vacuum"s, and of two documents with the same words the shorter wins.
        Assert.Equal(["rare-term", "tf-saturates", "short", "long"], expected.Select(e => e.Key));
        Assert.Equal(expected.Select(e => e.Key), hits.Select(h => h.Id));
        if (ScoresAreExactBm25)
        {
            Assert.All(hits.Zip(expected), pair => Assert.Equal(pair.Second.Value, pair.First.Keyword!.Score, 9));
        }
    }

    [Theory]
    [InlineData(FusionMethod.Rrf)]
    [InlineData(FusionMethod.Convex)]
    public async Task FusionRanksWhatBothArmsAgreeOnFirst(FusionMethod fusion)
    {
        Index = await CreateIndexAsync(Options(fusion));
        await UpsertAsync(
            Doc("both", "kafka consumer lag") with { Vector = HashingEmbedder.Axis(0) },
            Doc("keyword-only", "kafka consumer lag after a broker restart") with { Vector = HashingEmbedder.Axis(5) },
            Doc("vector-only", "unrelated words entirely") with { Vector = HashingEmbedder.Axis(0, 0.3f) });

        var hits = await Index.SearchAsync(new SearchQuery("kafka consumer lag") { Vector = HashingEmbedder.Axis(0) }, None);

        Assert.Equal("both", hits[0].Id);
        Assert.Equal(hits.Select(h => h.Score).OrderDescending(), hits.Select(h => h.Score));
        if (ReportsArmScores)
        {
            Assert.Equal(new ArmResult(1, hits[0].Keyword!.Score), hits[0].Keyword);
            Assert.Equal(1, hits[0].Vector!.Rank);
            Assert.Null(hits.Single(h => h.Id == "vector-only").Keyword);
            Assert.NotNull(hits.Single(h => h.Id == "keyword-only").Keyword);
        }
    }

    [Fact]
    public async Task ASingleArmReportsOnlyItself()
    {
        await UpsertAsync(Doc("doc", "nginx upstream timeout"));

        var keyword = (await SearchAsync(Mode.Keyword, "nginx timeout")).Single();
        var vector = (await SearchAsync(Mode.Vector, "nginx timeout")).Single();

        Assert.Null(keyword.Vector);
        Assert.Equal(1, keyword.Keyword!.Rank);
        Assert.Null(vector.Keyword);
        Assert.Equal(1, vector.Vector!.Rank);
    }

    [Theory]
    [InlineData(Mode.Keyword)]
    [InlineData(Mode.Vector)]
    [InlineData(Mode.Hybrid)]
    public async Task TheLimitBoundsTheHits(Mode mode)
    {
        await UpsertAsync([.. Enumerable.Range(0, 15).Select(i => Doc($"d{i}", $"cron job schedule number{i}"))]);

        Assert.Single(await SearchAsync(mode, "cron job schedule", limit: 1));
        Assert.Equal(12, (await SearchAsync(mode, "cron job schedule", limit: 12)).Count);
        Assert.Equal(15, (await SearchAsync(mode, "cron job schedule", limit: SearchFields.MaxLimit)).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n ")]
    [InlineData("the of and")]
    public async Task AQueryWithoutWordsFindsNothing(string text)
    {
        await UpsertAsync(Doc("doc", "the of and something"));

        Assert.Empty(await Index.SearchAsync(new SearchQuery(text), None));
    }

    [Fact]
    public async Task AWhitespaceQueryWithAVectorSearchesByVectorOnly()
    {
        await UpsertAsync(Doc("near", "s3 bucket policy"), Doc("far", "unrelated things"));

        var hits = await Index.SearchAsync(new SearchQuery("  ") { Vector = HashingEmbedder.Embed("s3 bucket policy") }, None);

        Assert.Equal("near", hits[0].Id);
        Assert.All(hits, h => Assert.Null(h.Keyword));
    }

    [Fact]
    public async Task ADocumentWithoutAVectorIsFoundByKeywordsOnly()
    {
        await UpsertAsync(Doc("novector", "systemd unit restart loop") with { Vector = null });

        Assert.Single(await SearchAsync(Mode.Hybrid, "systemd restart"));
        Assert.Empty(await SearchAsync(Mode.Vector, "systemd restart"));
    }

    [Theory]
    [InlineData("café", "cafe-doc")]
    [InlineData("RÉSUMÉ naïve", "accents")]
    [InlineData("日本語", "japanese")]
    [InlineData("Привет мир", "cyrillic")]
    [InlineData("rocket 🚀 launch", "emoji")]
    public async Task UnicodeTextIsIndexedAndFound(string query, string expected)
    {
        await UpsertAsync(
            Doc("cafe-doc", "Café crème at the station"),
            Doc("accents", "Naïve résumé parser"),
            Doc("japanese", "日本語 の 検索"),
            Doc("cyrillic", "Привет мир from the logs"),
            Doc("emoji", "🚀 rocket launch checklist"));

        var hits = await SearchAsync(Mode.Keyword, query);

        Assert.Equal(expected, hits[0].Id);
    }

    protected static SearchDocument Doc(string id, string title) =>
        new(id, "experience") { Title = title, Vector = HashingEmbedder.Embed(title) };

    protected Task UpsertAsync(params SearchDocument[] documents) => Index.UpsertAsync(documents, None);

    protected Task<IReadOnlyList<SearchHit>> SearchAsync(Mode mode, string text, SearchFilter? filter = null, int limit = 10) =>
        Index.SearchAsync(new SearchQuery(mode == Mode.Vector ? "" : text)
        {
            Vector = mode == Mode.Keyword ? default(ReadOnlyMemory<float>?) : HashingEmbedder.Embed(text),
            Filter = filter ?? SearchFilter.None,
            Limit = limit,
        }, None);
}
