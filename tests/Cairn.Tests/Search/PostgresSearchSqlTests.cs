using Cairn.Search;
using Cairn.Search.Postgres;
using Npgsql;

namespace Cairn.Tests.Search;

/// <summary>The statement builder is pure: these pin what the conformance suite cannot see, such as where filters go.</summary>
[Trait("Storage", "Own")]
public sealed class PostgresSearchSqlTests
{
    private static readonly SearchFilter EveryFilter = new()
    {
        Kinds = ["memory"],
        Owner = "alice",
        VisibleTo = "alice",
        Scopes = ["global"],
        Domain = "db",
        Tools = ["psql"],
        Statuses = ["active"],
        MinQuality = 0.5,
    };

    [Fact]
    public void EveryFilterBecomesAParameterisedCondition()
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchFilter.Translate(EveryFilter, command.Parameters);

        Assert.Equal(" and d.kind = any(@f_kinds) and (d.visibility = 'public' or d.owner = @f_visible_to) and d.owner = @f_owner" +
            " and d.scope = any(@f_scopes) and d.domain = @f_domain and d.tools && @f_tools and d.status = any(@f_statuses)" +
            " and d.quality >= @f_min_quality", sql);
        Assert.Equal(8, command.Parameters.Count);
        Assert.Equal("", PostgresSearchFilter.Translate(SearchFilter.None, new NpgsqlCommand().Parameters));
    }

    [Fact]
    public void AHybridQueryFiltersInsideTheVectorArmBeforeItsCut()
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Vector = new float[4], Filter = EveryFilter }, Plan(keyword: true, vector: true), command.Parameters);

        Assert.Equal(1, Count(sql, "d.tools && @f_tools"));
        Assert.Contains("where d.embedding is not null and d.kind = any(@f_kinds)", sql, StringComparison.Ordinal);
        Assert.True(sql.IndexOf("d.tools && @f_tools", StringComparison.Ordinal) < sql.IndexOf("limit @candidates", StringComparison.Ordinal));
    }

    [Fact]
    public void TheKeywordArmsCandidatesArriveAsArraysInTheirOrder()
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Vector = new float[4] }, Plan(keyword: true, vector: true), command.Parameters);

        Assert.Contains("unnest(@kw_doc::int[], @kw_score::float8[])", sql, StringComparison.Ordinal);
        Assert.Equal(new[] { 7, 3 }, command.Parameters["kw_doc"].Value);
        Assert.Equal(new[] { 2.5, 1.0 }, command.Parameters["kw_score"].Value);
    }

    [Theory]
    [InlineData(true, false, "kr")]
    [InlineData(false, true, "vr")]
    public void ASingleArmSkipsFusion(bool keyword, bool vector, string arm)
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Vector = new float[4] }, Plan(keyword, vector), command.Parameters);

        Assert.DoesNotContain("both_arms", sql, StringComparison.Ordinal);
        Assert.Contains($"order by {arm}.rank limit @limit", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void AFewPassingDocumentsAreRankedByKeyWithTheFilterCheckedAgainAndNeverThroughHnsw()
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Vector = new float[4], Filter = EveryFilter },
            Plan(keyword: true, vector: true) with { Passing = [3, 9] }, command.Parameters);

        Assert.Equal(new[] { 3, 9 }, command.Parameters["passing"].Value);
        Assert.Contains("from unnest(@passing::int[]) p(doc)", sql, StringComparison.Ordinal);
        Assert.Contains("from search_documents s where s.doc = p.doc offset 0) d", sql, StringComparison.Ordinal);
        Assert.Contains("where d.embedding is not null and d.kind = any(@f_kinds)", sql, StringComparison.Ordinal);
        Assert.Contains("order by score desc, doc limit @candidates", sql, StringComparison.Ordinal);
        // HNSW serves only "order by embedding <=> vector": ordering by the score keeps the planner on the primary key.
        Assert.DoesNotContain("order by d.embedding <=>", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAPassingListTheVectorArmWalksHnsw()
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Vector = new float[4], Filter = EveryFilter }, Plan(keyword: true, vector: true), command.Parameters);

        Assert.Contains("order by d.embedding <=> @vector::vector limit @candidates", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("@passing", sql, StringComparison.Ordinal);
        Assert.False(command.Parameters.Contains("passing"));
    }

    private static PostgresSearchSql.Plan Plan(bool keyword, bool vector) =>
        new(keyword ? new KeywordCandidates([7, 3], [2.5, 1.0], ["a", "b"]) : null, vector, FusionMethod.Convex, new FusionOptions(), Candidates: 50, KeywordWeight: 0.4);

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
