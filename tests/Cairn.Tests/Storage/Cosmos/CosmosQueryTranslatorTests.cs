using Cairn.Storage;
using Cairn.Storage.Cosmos;

namespace Cairn.Tests.Storage.Cosmos;

[Trait("Storage", "None")]
public sealed class CosmosQueryTranslatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
    private const string Live = "SELECT * FROM c WHERE (NOT IS_DEFINED(c.expires_at) OR c.expires_at > @now)";

    private static CosmosQuery Translate(DocumentQuery query) => CosmosQueryTranslator.Translate(query, Now);

    private static Dictionary<string, object?> Parameters(CosmosQuery query) => query.Parameters.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void APlainQueryOnlyHidesExpiredItemsAndHasNoOrderBy()
    {
        var query = Translate(new DocumentQuery("agents"));

        Assert.Equal(Live, query.Sql);
        Assert.Equal(1767614400.0, Parameters(query)["@now"]);
        Assert.Null(query.PartitionKey);
    }

    [Fact]
    public void APartitionKeyBecomesBothAFilterAndTheRequestPartition()
    {
        var query = Translate(new DocumentQuery("agents") { PartitionKey = "p'1\"" });

        Assert.Equal($"{Live} AND c.pk = @pk", query.Sql);
        Assert.Equal("p'1\"", Parameters(query)["@pk"]);
        Assert.Equal("p'1\"", query.PartitionKey);
    }

    [Fact]
    public void ValuesAreAlwaysParametersSoQuotesAndInjectionsStayData()
    {
        var query = Translate(new DocumentQuery("c") { Filters = [Filter.Eq("name", "x' OR 1=1 --\"]")] });

        Assert.Equal($"{Live} AND c.data[\"name\"] = @f0", query.Sql);
        Assert.Equal("x' OR 1=1 --\"]", Parameters(query)["@f0"]);
    }

    [Fact]
    public void FieldNamesAreBracketQuotedSoReservedWordsWork()
    {
        var query = Translate(new DocumentQuery("c") { Filters = [Filter.Eq("value", 1), Filter.Eq("select", 2)] });

        Assert.Equal($"{Live} AND c.data[\"value\"] = @f0 AND c.data[\"select\"] = @f1", query.Sql);
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("a\"] OR 1=1 --")]
    [InlineData("a.b")]
    [InlineData("")]
    public void FieldNamesThatAreNotSnakeCaseIdentifiersAreRefused(string field)
    {
        Assert.Throws<ArgumentException>(() => Translate(new DocumentQuery("c") { Filters = [Filter.Eq(field, 1)] }));
    }

    [Fact]
    public void EqualityToNullAlsoMatchesAMissingField()
    {
        var query = Translate(new DocumentQuery("c") { Filters = [Filter.Eq("note", null)] });

        Assert.Equal($"{Live} AND (NOT IS_DEFINED(c.data[\"note\"]) OR IS_NULL(c.data[\"note\"]))", query.Sql);
        Assert.Single(query.Parameters);
    }

    [Fact]
    public void SeveralPartitionKeysFilterThePartitionKeyPathAndTargetNoSinglePartition()
    {
        var query = Translate(new DocumentQuery("engrams") { PartitionKeys = ["global", "org:o"], Filters = [Filter.Eq("always", true)] });
        var none = Translate(new DocumentQuery("engrams") { PartitionKeys = [] });

        Assert.Equal($"{Live} AND c.pk IN (@pk_0, @pk_1) AND c.data[\"always\"] = @f0", query.Sql);
        Assert.Equal(("global", "org:o"), ((string)Parameters(query)["@pk_0"]!, (string)Parameters(query)["@pk_1"]!));
        Assert.Null(query.PartitionKey);
        Assert.Equal($"{Live} AND false", none.Sql);
    }

    [Fact]
    public void InListsOneParameterPerValueAndAnEmptyListMatchesNothing()
    {
        var query = Translate(new DocumentQuery("c") { Filters = [Filter.In("kind", ["a", "b"]), Filter.In("n", [])] });

        Assert.Equal($"{Live} AND c.data[\"kind\"] IN (@f0_0, @f0_1) AND false", query.Sql);
        Assert.Equal(("a", "b"), ((string)Parameters(query)["@f0_0"]!, (string)Parameters(query)["@f0_1"]!));
    }

    [Fact]
    public void ArrayContainsAndRangesUseTheirOwnParameters()
    {
        var since = Now.AddDays(-1);
        var query = Translate(new DocumentQuery("c")
        {
            Filters = [Filter.Contains("tags", "x"), Filter.Compare("at", ComparisonOperator.GreaterThanOrEqual, since), Filter.Compare("n", ComparisonOperator.LessThan, 5)],
        });

        Assert.Equal($"{Live} AND ARRAY_CONTAINS(c.data[\"tags\"], @f0) AND c.data[\"at\"] >= @f1 AND c.data[\"n\"] < @f2", query.Sql);
        Assert.Equal(since, Parameters(query)["@f1"]);
    }

    [Theory]
    [InlineData(false, "ASC")]
    [InlineData(true, "DESC")]
    public void OrderByBreaksTiesOnPartitionKeyThenIdInTheSameDirection(bool descending, string direction)
    {
        var query = Translate(new DocumentQuery("c") { OrderBy = "score", Descending = descending });

        Assert.Equal($"{Live} ORDER BY c.data[\"score\"] {direction}, c.pk {direction}, c.id {direction}", query.Sql);
    }

    [Fact]
    public void ContinuationTokensOnlyFitTheQueryThatIssuedThem()
    {
        var query = Translate(new DocumentQuery("c") { OrderBy = "score" });
        var token = CosmosContinuation.Wrap("c", query, "sdk-token");

        Assert.Equal("sdk-token", CosmosContinuation.Unwrap("c", query, token));
        Assert.Throws<InvalidContinuationTokenException>(() => CosmosContinuation.Unwrap("other", query, token));
        Assert.Throws<InvalidContinuationTokenException>(() => CosmosContinuation.Unwrap("c", Translate(new DocumentQuery("c")), token));
        Assert.Throws<InvalidContinuationTokenException>(() => CosmosContinuation.Unwrap("c", query, "!!"));
    }

    [Fact]
    public void CompositeIndexesCoverEverySortFieldWithTheTieBreakers()
    {
        var properties = CosmosContainerSetup.Properties(new ContainerDefinition("c", "score", "at"));

        Assert.Equal("/pk", properties.PartitionKeyPath);
        Assert.Equal(-1, properties.DefaultTimeToLive);
        Assert.Equal(
            ["/data/score,/pk,/id", "/data/at,/pk,/id"],
            properties.IndexingPolicy.CompositeIndexes.Select(index => string.Join(',', index.Select(p => p.Path))));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b?c#d\\e", "a~2Fb~3Fc~23d~5Ce")]
    [InlineData("100% ~7E", "100~25 ~7E7E")]
    public void IdsAreEscapedOnlyWhereCosmosForbidsCharacters(string id, string stored)
    {
        Assert.Equal(stored, CosmosItem.EncodeId(id));
        Assert.Equal(id, CosmosItem.DecodeId(stored));
    }
}
