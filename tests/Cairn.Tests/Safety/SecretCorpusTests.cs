using Cairn.Safety;

namespace Cairn.Tests.Safety;

[Trait("Storage", "None")]
public sealed class SecretCorpusTests
{
    public static TheoryData<string> RuleIds() => [.. SecretRules.All.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void EveryRuleFindsItsOwnPositivesUnderEveryDisguise(string ruleId)
    {
        var missed = SecretCorpus.Positives().Where(p => p.RuleId == ruleId)
            .Where(p => !ContentScanner.Scan("text", p.Text).Any(f => f.Kind == ruleId))
            .Select(p => $"{p.Disguise}: {p.Text}").ToList();

        Assert.True(missed.Count == 0, $"{ruleId} missed:\n{string.Join('\n', missed)}");
    }

    [Fact]
    public void NoLookalikeIsFlagged()
    {
        var flagged = SecretCorpus.Lookalikes()
            .Select(l => (l.RuleId, l.Text, Findings: ContentScanner.Scan("text", l.Text)))
            .Where(l => l.Findings.Count > 0)
            .Select(l => $"{l.RuleId}: '{l.Text}' flagged by {string.Join(", ", l.Findings.Select(f => f.Kind))}").ToList();

        Assert.True(flagged.Count == 0, string.Join('\n', flagged));
    }

    [Fact]
    public void EveryRuleHasPositivesLookalikesAndAKeywordOrAReason()
    {
        Assert.True(SecretRules.All.Count >= 70, $"only {SecretRules.All.Count} rules");
        foreach (var rule in SecretRules.All)
        {
            Assert.True(rule.Positives.Count >= 2, $"{rule.Id} needs at least two true positives");
            Assert.True(rule.Lookalikes.Count >= 1, $"{rule.Id} needs at least one look-alike");
            Assert.False(string.IsNullOrWhiteSpace(rule.Description), $"{rule.Id} needs a description");
        }
        // Rules without keywords run on every text: keep them few, they set the scan's cost.
        Assert.True(SecretRules.All.Count(r => r.Keywords.Count == 0) <= 3);
    }
}
