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

        const string rest = " and d.owner = @f_owner and d.scope = any(@f_scopes) and d.domain = @f_domain and d.tools && @f_tools";
        Assert.Equal(" and d.kind = any(@f_kinds) and (d.visibility = 'public' or d.owner = @f_visible_to)" + rest +
            " and d.status = any(@f_statuses) and d.quality >= @f_min_quality", sql.Documents);
        Assert.Equal(rest + " and d.quality >= @f_min_quality", sql.PostingDocuments);
        Assert.Equal(" and p.kind = any(@f_kinds) and (p.public or p.owner_key = search_owner_key(@f_visible_to)" +
            " and exists (select 1 from search_documents o where o.doc = p.doc and o.owner = @f_visible_to)) and p.status = any(@f_statuses)", sql.Postings);
        Assert.Equal(8, command.Parameters.Count);
        Assert.Equal(new FilterSql("", "", "", false), PostgresSearchFilter.Translate(SearchFilter.None, new NpgsqlCommand().Parameters));
    }

    [Fact]
    public void AHybridQueryFiltersInsideBothArmsBeforeTheirCut()
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Vector = new float[4], Filter = EveryFilter }, Plan(keyword: true, vector: true), command.Parameters);

        Assert.Equal(3, Count(sql, "d.tools && @f_tools")); // vector arm; keyword arm's few documents and its allowed set
        Assert.True(sql.IndexOf("d.tools && @f_tools", StringComparison.Ordinal) < sql.IndexOf("order by p.impact desc limit @cap", StringComparison.Ordinal));
        Assert.True(sql.IndexOf("p.kind = any(@f_kinds)", StringComparison.Ordinal) < sql.IndexOf("order by p.impact desc limit @cap", StringComparison.Ordinal));
        Assert.Contains("where d.embedding is not null and d.kind = any(@f_kinds)", sql, StringComparison.Ordinal);
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
    public void AKeywordArmFilteredByKindVisibilityAndStatusReadsPostingsAlone()
    {
        using var command = new NpgsqlCommand();

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Filter = new SearchFilter { Kinds = ["memory"], VisibleTo = "alice", Statuses = ["active"] } },
            Plan(keyword: true, vector: false), command.Parameters);

        Assert.DoesNotContain("p.doc in (select d.doc", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("owner", true)]
    [InlineData("scopes", true)]
    [InlineData("domain", false)]
    [InlineData("tools", false)]
    [InlineData("quality", false)]
    public void OnlyAnOwnerOrScopesLetTheKeywordArmScoreFewDocumentsByKey(string condition, bool few)
    {
        using var command = new NpgsqlCommand();
        var filter = condition switch
        {
            "owner" => new SearchFilter { Owner = "alice" },
            "scopes" => new SearchFilter { Scopes = ["global"] },
            "domain" => new SearchFilter { Domain = "db" },
            "tools" => new SearchFilter { Tools = ["psql"] },
            _ => new SearchFilter { MinQuality = 0.5 },
        };

        var sql = PostgresSearchSql.Build(new SearchQuery("text") { Filter = filter }, Plan(keyword: true, vector: false), command.Parameters);

        Assert.Equal(few, sql.Contains("few as materialized", StringComparison.Ordinal));
        Assert.Equal(few, command.Parameters.Contains("doc_side_max"));
    }

    private static PostgresSearchSql.Plan Plan(bool keyword, bool vector) =>
        new(keyword, vector, FusionMethod.Convex, new FusionOptions(), Candidates: 50, MaxPostingsPerTerm: 10_000, KeywordWeight: 0.4);

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
