using Cairn.Engrams;
using Cairn.Engrams.Recall;

namespace Cairn.Tests.Engrams;

// The pure parts of recall: ranking and filling the budget.
[Trait("Storage", "None")]
public sealed class RecallRankingTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static RecallCandidate Candidate(string id, string statement, string scope = "global", string? polarity = null, bool pinned = false,
        string? commitment = null, string? summary = null, DateTimeOffset? from = null, DateTimeOffset? until = null, string[]? contraindications = null,
        long positive = 0, long negative = 0, DateTimeOffset? accessed = null) =>
        new(id, Guid.Empty, "owner", scope, StatementHashes.Of(statement),
            new RecallView(statement, summary, null, "behavioral", null, [], polarity, commitment, pinned, contraindications ?? [], from, until, positive, negative),
            AccessHistory.Starting(accessed ?? Now.AddDays(-1)));

    // Ranks with a stand-in for the search's relevance: the share of the query's words in the statement.
    private static IReadOnlyList<RankedEngram> Rank(string query, params RecallCandidate[] candidates)
    {
        var words = Lexical.Terms(query);
        return RecallRanker.Rank(candidates, c => words.Count(Lexical.Terms(c.View.Statement).Contains) / (double)words.Count,
            history => Math.Log(history.Recent.Sum(t => Math.Pow((Now - t).TotalDays, -0.5))), Now);
    }

    [Fact]
    public void LockedComeFirstThenPinnedThenTheRelevant()
    {
        var ranked = Rank("quokka habitat",
            Candidate("ENG-relevant", "Quokka habitat is Rottnest Island."),
            Candidate("ENG-pinned", "Commit small changes.", pinned: true),
            Candidate("ENG-locked", "Never log secrets.", commitment: "locked"),
            Candidate("ENG-irrelevant", "Tabs are wider than spaces."));

        Assert.Equal(["ENG-locked", "ENG-pinned", "ENG-relevant"], ranked.Select(r => r.Candidate.EngramId));
    }

    [Fact]
    public void EquallyRelevantEngramsComeNarrowestScopeFirst()
    {
        var ranked = Rank("wombat rule",
            Candidate("ENG-g", "Wombat rule for everyone.", "global"),
            Candidate("ENG-o", "Wombat rule for the org.", "org:acme"),
            Candidate("ENG-s", "Wombat rule for the space.", "space:cadastre"),
            Candidate("ENG-w", "Wombat rule for the team.", "group:acme/backend"),
            Candidate("ENG-u", "Wombat rule for me.", "user:acme:alice"));

        Assert.Equal(["ENG-u", "ENG-w", "ENG-s", "ENG-o", "ENG-g"], ranked.Select(r => r.Candidate.EngramId));
    }

    [Fact]
    public void RelevanceOutweighsScopeAndFeedbackBreaksTies()
    {
        var ranked = Rank("numbat burrow depth",
            Candidate("ENG-narrow-weak", "Numbat sightings are rare.", "user:me"),
            Candidate("ENG-broad-strong", "Numbat burrow depth is one metre.", "global"),
            Candidate("ENG-liked", "Numbat sightings peak in spring.", "user:me", positive: 9));

        Assert.Equal(["ENG-broad-strong", "ENG-liked", "ENG-narrow-weak"], ranked.Select(r => r.Candidate.EngramId));
    }

    [Fact]
    public void EngramsOutsideTheirValidTimeAreDroppedEvenWhenLocked()
    {
        var ranked = Rank("dingo fence",
            Candidate("ENG-expired", "Dingo fence closed.", until: Now.AddDays(-1), commitment: "locked"),
            Candidate("ENG-future", "Dingo fence reopens.", from: Now.AddDays(1)),
            Candidate("ENG-current", "Dingo fence patrolled.", from: Now.AddDays(-10), until: Now.AddDays(10)));

        Assert.Equal(["ENG-current"], ranked.Select(r => r.Candidate.EngramId));
    }

    [Fact]
    public void TheSameStatementFromSeveralOwnersIsRecalledOnce()
    {
        var ranked = Rank("bilby", Candidate("ENG-a", "Bilby ears are long."), Candidate("ENG-b", "bilby ears are long"));

        Assert.Single(ranked);
    }

    [Fact]
    public void RelevanceComesFromTheArmsAndIgnoresFloatNoiseBetweenEqualVectors()
    {
        var best = new Cairn.Search.SearchHit("a", 1, new Cairn.Search.ArmResult(1, 4.0), new Cairn.Search.ArmResult(1, 0.8474448050459886));
        var twin = new Cairn.Search.SearchHit("b", 0.8, new Cairn.Search.ArmResult(2, 4.0), new Cairn.Search.ArmResult(5, 0.8474447545343344));
        var half = new Cairn.Search.SearchHit("c", 0.1, new Cairn.Search.ArmResult(3, 2.0), null);

        Assert.Equal(EngramIndex.Relevance(best, 4.0, 1), EngramIndex.Relevance(twin, 4.0, 1));
        Assert.Equal(Math.Round(0.8 + 0.2 * 0.8474448050459886, 6), EngramIndex.Relevance(best, 4.0, 1));
        Assert.Equal(0.4, EngramIndex.Relevance(half, 4.0, 1));
    }

    [Fact]
    public void HitsWithoutArmScoresAreRelevantRelativeToTheBestAndGatedOnSharedWords()
    {
        // Azure AI Search's hybrid queries report only a fused (RRF) score.
        var hit = new Cairn.Search.SearchHit("a", 0.016, null, null);
        var view = Candidate("ENG-x", "Quolls hunt at dusk.").View;
        var engramHit = new EngramHit("global", Guid.Empty, "ENG-x", 0.5, KeywordMatch: false);

        Assert.Equal(0.5, EngramIndex.Relevance(hit, 0, 0.032));
        Assert.True(EngramIndex.SharesAWord(engramHit, view, Lexical.Terms("when do quolls hunt")));
        Assert.False(EngramIndex.SharesAWord(engramHit, view, Lexical.Terms("marsupial predators")));
        Assert.True(EngramIndex.SharesAWord(engramHit with { KeywordMatch = true }, view, Lexical.Terms("marsupial predators")));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(37)]
    [InlineData(64)]
    [InlineData(150)]
    [InlineData(1000)]
    public void TheBlockNeverExceedsTheBudget(int budget)
    {
        var ranked = Rank("platypus",
            Enumerable.Range(0, 40).Select(i => Candidate($"ENG-{i:D2}", $"Platypus fact number {i}: {new string('x', i * 3)}.",
                polarity: (i % 3) switch { 0 => "do", 1 => "dont", _ => null }, contraindications: i % 5 == 0 ? ["in zoos"] : null)).ToArray());

        var block = InjectionBlock.Fill(ranked, budget);

        Assert.True(block.Tokens <= budget, $"{block.Tokens} > {budget}");
        Assert.Equal(Tokens.Estimate(block.Text), block.Tokens);
        Assert.Equal(ranked.Count, block.Placed.Count + block.Left.Count);
    }

    [Fact]
    public void ConstraintsDirectivesAndKnowledgeAreSeparateSectionsWithContraindications()
    {
        var ranked = Rank("koala",
            Candidate("ENG-do", "Always feed the koala eucalyptus.", polarity: "do", contraindications: ["when it is asleep"]),
            Candidate("ENG-dont", "Never wake a koala.", polarity: "dont", commitment: "locked"),
            Candidate("ENG-fact", "A koala sleeps 20 hours.", polarity: null));

        var block = InjectionBlock.Fill(ranked, 500);

        Assert.Equal("""
            ## Constraints (do not)
            - Never wake a koala. (locked) [ENG-dont]

            ## Directives (do)
            - Always feed the koala eucalyptus. [ENG-do]
              Not when: when it is asleep

            ## Knowledge
            - A koala sleeps 20 hours. [ENG-fact]
            """.ReplaceLineEndings("\n"), block.Text);
    }

    [Fact]
    public void AStatementTooLongForTheBudgetIsInjectedByItsSummary()
    {
        var ranked = Rank("emu",
            Candidate("ENG-long", $"Emu migration follows rain {string.Join(' ', Enumerable.Repeat("across the outback", 40))}", summary: "Emus follow rain.", pinned: true));

        var block = InjectionBlock.Fill(ranked, 30);

        Assert.Equal("summary", block.Placed.Single().Rendered);
        Assert.Contains("Emus follow rain.", block.Text, StringComparison.Ordinal);
    }
}
