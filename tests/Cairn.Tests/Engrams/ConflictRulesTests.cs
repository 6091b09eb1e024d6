using Cairn.Engrams;

namespace Cairn.Tests.Engrams;

[Trait("Storage", "None")]
public sealed class ConflictRulesTests
{
    private static RecallView View(string statement, string? polarity, string? domain = null) =>
        new(statement, null, null, "behavioral", domain, [], polarity, null, false, [], null, null, 0, 0);

    [Theory]
    [InlineData("Never log secrets.", "dont")]
    [InlineData("Don't deploy on Fridays.", "dont")]
    [InlineData("Do not retry payments.", "dont")]
    [InlineData("Avoid global state.", "dont")]
    [InlineData("Builds must not call the network.", "dont")]
    [InlineData("Always validate input at API boundaries.", "do")]
    [InlineData("Use UTC in stored timestamps.", "do")]
    [InlineData("Handlers should return typed results.", "do")]
    [InlineData("The deploy freeze runs Nov 15 to Jan 5.", null)]
    [InlineData("PostgreSQL does not support that index type.", null)]
    public void PolarityIsInferredFromTheStatement(string statement, string? polarity) =>
        Assert.Equal(polarity, Polarity.Infer(statement));

    [Fact]
    public void OppositePolarityAboutTheSameSubjectIsAContradiction()
    {
        var similarity = ConflictDetector.Contradiction(View("Always use tabs for indentation.", "do"), View("Never use tabs for indentation.", "dont"), 0.5);

        Assert.Equal(1.0, similarity);
    }

    [Theory]
    [InlineData("Always use tabs for indentation.", "do", "Always use tabs for indentation.", "do", null, null)]
    [InlineData("Always use tabs for indentation.", "do", "Never deploy on Fridays.", "dont", null, null)]
    [InlineData("Always use tabs for indentation.", "do", "Never use tabs for indentation.", "dont", "go", "python")]
    [InlineData("Always use tabs for indentation.", "do", "The tab key indents.", null, null, null)]
    public void SamePolarityOtherSubjectsOtherDomainsAndPlainKnowledgeAreNot(string a, string pa, string b, string? pb, string? da, string? db) =>
        Assert.Null(ConflictDetector.Contradiction(View(a, pa, da), View(b, pb, db), 0.5));
}
