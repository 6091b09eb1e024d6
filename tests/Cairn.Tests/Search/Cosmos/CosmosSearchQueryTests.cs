using Cairn.Search;
using Cairn.Search.Cosmos;

namespace Cairn.Tests.Search.Cosmos;

// Every query shape the Cosmos DB provider sends, as text: the syntax follows Microsoft's NoSQL query reference
// (docs/search.md, "Cosmos DB").
[Trait("Storage", "None")]
public sealed class CosmosSearchQueryTests
{
    private static readonly float[] Vector = HashingEmbedder.Embed("docker compose");

    [Fact]
    public void AKeywordQueryRanksBothTextPathsByRrfAndKeepsOnlyItemsWithAWord()
    {
        var request = CosmosSearchQuery.Build(new SearchQuery("Nginx upstream timeout") { Limit = 7 }, FusionMethod.Rrf, 0.8);

        Assert.Equal(
            "SELECT TOP 7 c.key FROM c WHERE (FullTextContainsAny(c.text, \"nginx\", \"upstream\", \"timeout\") OR FullTextContainsAny(c.notes, \"nginx\", \"upstream\", \"timeout\")) " +
            "ORDER BY RANK RRF(FullTextScore(c.text, \"nginx\", \"upstream\", \"timeout\"), FullTextScore(c.notes, \"nginx\", \"upstream\", \"timeout\"), [1, 0.5])",
            request.Sql);
        Assert.Empty(request.Parameters);
        Assert.Equal((true, false), (request.Keyword, request.Vector));
    }

    [Fact]
    public void AVectorQueryProjectsTheSimilarityAndSkipsItemsWithoutAVector()
    {
        var request = CosmosSearchQuery.Build(new SearchQuery("") { Vector = Vector, Limit = 3 }, FusionMethod.Rrf, 0.8);

        Assert.Equal(
            "SELECT TOP 3 c.key, VectorDistance(c.vector, @vector) AS similarity FROM c WHERE IS_DEFINED(c.vector) ORDER BY VectorDistance(c.vector, @vector)",
            request.Sql);
        Assert.Equal(Vector, Assert.IsType<float[]>(request.Parameters["@vector"]));
        Assert.Equal((false, true), (request.Keyword, request.Vector));
    }

    [Fact]
    public void AHybridQueryFusesAllThreeArmsInOneRrf()
    {
        var request = CosmosSearchQuery.Build(new SearchQuery("kafka lag") { Vector = Vector }, FusionMethod.Rrf, 0.8);

        Assert.Equal(
            "SELECT TOP 10 c.key FROM c ORDER BY RANK RRF(FullTextScore(c.text, \"kafka\", \"lag\"), FullTextScore(c.notes, \"kafka\", \"lag\"), " +
            "VectorDistance(c.vector, @vector), [1, 0.5, 1])",
            request.Sql);
        Assert.Equal((true, true), (request.Keyword, request.Vector));
    }

    [Theory]
    [InlineData(FusionMethod.Rrf, 0.8, 1, 0.5, 1)]
    [InlineData(FusionMethod.Convex, 0.5, 1, 0.5, 1)]
    [InlineData(FusionMethod.Convex, 0.8, 1.6, 0.8, 0.4)]
    [InlineData(FusionMethod.Convex, 0.3, 0.6, 0.3, 1.4)]
    public void FusionSettingsBecomeRrfWeights(FusionMethod fusion, double keywordWeight, double text, double notes, double vector)
    {
        var (t, n, v) = CosmosSearchQuery.Weights(fusion, keywordWeight);

        Assert.Equal(text, t, 9);
        Assert.Equal(notes, n, 9);
        Assert.Equal(vector, v, 9);
        var sql = CosmosSearchQuery.Build(new SearchQuery("x") { Vector = Vector }, fusion, keywordWeight).Sql;
        Assert.EndsWith($"[{t.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}, {n.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}, {v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}])", sql);
    }

    public static TheoryData<string, SearchFilter, string, string[]> Filters() => new()
    {
        { "kind", new SearchFilter { Kinds = ["memory"] }, "c.kind = @kind0", ["@kind0"] },
        { "kinds", new SearchFilter { Kinds = ["memory", "engram"] }, "c.kind IN (@kind0, @kind1)", ["@kind0", "@kind1"] },
        { "owner", new SearchFilter { Owner = "alice" }, "c.owner = @owner", ["@owner"] },
        { "visible-to", new SearchFilter { VisibleTo = "alice" }, "(c.visibility = \"public\" OR c.owner = @visibleTo)", ["@visibleTo"] },
        { "scopes", new SearchFilter { Scopes = ["global", "project:cairn"] }, "c.scope IN (@scope0, @scope1)", ["@scope0", "@scope1"] },
        { "domain", new SearchFilter { Domain = "networking" }, "c.domain = @domain", ["@domain"] },
        { "tools", new SearchFilter { Tools = ["docker", "podman"] }, "EXISTS(SELECT VALUE t FROM t IN c.tools WHERE t IN (@tool0, @tool1))", ["@tool0", "@tool1"] },
        { "status", new SearchFilter { Statuses = ["active"] }, "c.status = @status0", ["@status0"] },
        { "min-quality", new SearchFilter { MinQuality = 0.5 }, "c.quality >= @minQuality", ["@minQuality"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void EachFilterIsAParameterisedConditionInEveryShape(string name, SearchFilter filter, string condition, string[] parameters)
    {
        Assert.NotEmpty(name);
        foreach (var query in new[] { new SearchQuery("docker"), new SearchQuery("") { Vector = Vector }, new SearchQuery("docker") { Vector = Vector } })
        {
            var request = CosmosSearchQuery.Build(query with { Filter = filter }, FusionMethod.Rrf, 0.8);

            Assert.Contains($" WHERE {condition}", request.Sql, StringComparison.Ordinal);
            Assert.All(parameters, p => Assert.Contains(p, request.Parameters.Keys));
        }
    }

    [Fact]
    public void FiltersCombineWithAndAndKeepTheirValuesOutOfTheText()
    {
        var filter = new SearchFilter { Kinds = ["experience"], VisibleTo = "x\" OR 1=1 --", Statuses = ["published"], MinQuality = 0.7 };

        var request = CosmosSearchQuery.Build(new SearchQuery("deploy") { Vector = Vector, Filter = filter }, FusionMethod.Rrf, 0.8);

        Assert.Contains(" WHERE c.kind = @kind0 AND (c.visibility = \"public\" OR c.owner = @visibleTo) AND c.status = @status0 AND c.quality >= @minQuality ORDER BY RANK ", request.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("1=1", request.Sql, StringComparison.Ordinal);
        Assert.Equal("x\" OR 1=1 --", request.Parameters["@visibleTo"]);
        Assert.Equal(0.7, request.Parameters["@minQuality"]);
    }

    [Theory]
    [InlineData("Docker  compose, DOCKER!", new[] { "docker", "compose" })]
    [InlineData("c++ -wall \"quoted\" (x|y)", new[] { "c", "wall", "quoted", "x", "y" })]
    [InlineData("RÉSUMÉ naïve café", new[] { "résumé", "naïve", "café" })]
    [InlineData("日本語 の 検索", new[] { "日本語", "の", "検索" })]
    [InlineData("rocket 🚀 launch", new[] { "rocket", "launch" })]
    [InlineData("v1.2.3 C:\\path\\file.txt", new[] { "v1", "2", "3", "c", "path", "file", "txt" })]
    [InlineData("  \t\n ", new string[0])]
    public void TermsAreTheDistinctLowerCasedWordsInOrder(string text, string[] expected) => Assert.Equal(expected, CosmosSearchQuery.Terms(text));

    [Fact]
    public void TermsAreStringLiteralsThatCannotCloseTheirQuotes()
    {
        Assert.Equal("\"caf\\u00E9\", \"x\"", CosmosSearchQuery.Literals(["café", "x"]));
        Assert.Equal("\"a\\u0022b\\\\\"", CosmosSearchQuery.Literals(["a\"b\\"]));
    }

    [Fact]
    public void AQueryWithNeitherWordsNorAVectorIsNotBuilt() =>
        Assert.Throws<ArgumentException>(() => CosmosSearchQuery.Build(new SearchQuery("!!! ???"), FusionMethod.Rrf, 0.8));

    [Fact]
    public void ARankedHitCarriesTheReciprocalRankAndAVectorHitItsSimilarity()
    {
        var keyword = CosmosSearchQuery.Build(new SearchQuery("x"), FusionMethod.Rrf, 0.8);
        var vector = CosmosSearchQuery.Build(new SearchQuery("") { Vector = Vector }, FusionMethod.Rrf, 0.8);
        var hybrid = CosmosSearchQuery.Build(new SearchQuery("x") { Vector = Vector }, FusionMethod.Rrf, 0.8);

        Assert.Equal(new SearchHit("a", 1.0 / 62, new ArmResult(2, 1.0 / 62), null), CosmosSearchIndex.ToHit(new CosmosSearchHitRecord { Key = "a" }, 2, keyword));
        Assert.Equal(new SearchHit("b", 0.75, null, new ArmResult(1, 0.75)), CosmosSearchIndex.ToHit(new CosmosSearchHitRecord { Key = "b", Similarity = 0.75 }, 1, vector));
        Assert.Equal(new SearchHit("c", 1.0 / 63, null, null), CosmosSearchIndex.ToHit(new CosmosSearchHitRecord { Key = "c" }, 3, hybrid));
    }
}
