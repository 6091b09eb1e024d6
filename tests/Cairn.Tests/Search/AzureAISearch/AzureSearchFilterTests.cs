using Cairn.Search;
using Cairn.Search.AzureAISearch;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed class AzureSearchFilterTests
{
    [Fact]
    public void NoConditionsIsNoFilter() => Assert.Null(AzureSearchFilter.Translate(SearchFilter.None));

    [Fact]
    public void EveryConditionIsJoinedWithAnd()
    {
        var filter = new SearchFilter
        {
            Kinds = ["memory", "engram"],
            Owner = "alice",
            VisibleTo = "bob",
            Scopes = ["project:cairn"],
            Domain = "networking",
            Tools = ["docker", "podman"],
            Statuses = ["active", "draft"],
            MinQuality = 0.7,
        };

        Assert.Equal(
            "search.in(kind, 'memory,engram', ',') and owner eq 'alice' and (visibility eq 'public' or owner eq 'bob') and scope eq 'project:cairn' " +
            "and domain eq 'networking' and tools/any(t: search.in(t, 'docker,podman', ',')) and search.in(status, 'active,draft', ',') and quality ge 0.7",
            AzureSearchFilter.Translate(filter));
    }

    [Theory]
    [InlineData("o'brien", "owner eq 'o''brien'")]
    [InlineData("''", "owner eq ''''''")]
    [InlineData("a) or (true", "owner eq 'a) or (true'")]
    [InlineData("", "owner eq ''")]
    public void SingleQuotesAreDoubledAndNothingEscapesTheLiteral(string owner, string expected) =>
        Assert.Equal(expected, AzureSearchFilter.Translate(new SearchFilter { Owner = owner }));

    [Fact]
    public void AListValueHoldingACommaFallsBackToAnOrChain() =>
        Assert.Equal("(kind eq 'a,b' or kind eq 'c')", AzureSearchFilter.Translate(new SearchFilter { Kinds = ["a,b", "c"] }));

    [Theory]
    [InlineData("", "x")]
    [InlineData(" padded", "x")]
    [InlineData("x", "trailing ")]
    public void EmptyOrPaddedValuesAreComparedExactly(string first, string second) =>
        Assert.Equal($"(status eq '{first}' or status eq '{second}')", AzureSearchFilter.Translate(new SearchFilter { Statuses = [first, second] }));

    [Fact]
    public void QuotesInsideSearchInAreDoubled() =>
        Assert.Equal("search.in(scope, 'it''s,ok', ',')", AzureSearchFilter.Translate(new SearchFilter { Scopes = ["it's", "ok"] }));

    [Fact]
    public void AnyOfOnToolsChainsInsideTheLambdaWhenNeeded() =>
        Assert.Equal("tools/any(t: (t eq 'c#' or t eq 'a,b'))", AzureSearchFilter.Translate(new SearchFilter { Tools = ["c#", "a,b"] }));

    [Fact]
    public void AOneValueListIsAnEquality() =>
        Assert.Equal("tools/any(t: t eq 'git')", AzureSearchFilter.Translate(new SearchFilter { Tools = ["git"] }));

    [Theory]
    [InlineData(0.5, "quality ge 0.5")]
    [InlineData(0.49, "quality ge 0.49")]
    [InlineData(0.0, "quality ge 0")]
    [InlineData(1.0, "quality ge 1")]
    [InlineData(-0.25, "quality ge -0.25")]
    [InlineData(1e-7, "quality ge 1E-07")]
    public void MinQualityIsAnInclusiveRangeInInvariantDigits(double minQuality, string expected) =>
        Assert.Equal(expected, AzureSearchFilter.Translate(new SearchFilter { MinQuality = minQuality }));
}
