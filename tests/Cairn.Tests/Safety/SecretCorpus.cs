using Cairn.Safety;

namespace Cairn.Tests.Safety;

// The rules' own test strings: every true positive under every disguise, and every look-alike.
public static class SecretCorpus
{
    public sealed record Positive(string RuleId, string Disguise, string Text);

    public static IReadOnlyList<Positive> Positives() =>
        [.. SecretRules.All.SelectMany(rule => rule.Positives.SelectMany(text => Disguises.All.Select(d => new Positive(rule.Id, d.Name, d.Apply(text)))))];

    // Each rule's look-alikes (attributed to it) and the shared ones (attributed to "common").
    public static IReadOnlyList<(string RuleId, string Text)> Lookalikes() =>
        [.. SecretRules.All.SelectMany(rule => rule.Lookalikes.Select(text => (rule.Id, text))), .. SecretRules.CommonLookalikes.Select(text => ("common", text))];
}
