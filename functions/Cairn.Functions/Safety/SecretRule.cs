using System.Text.RegularExpressions;

namespace Cairn.Safety;

/// <summary>
/// One kind of sensitive content, read from <c>secret-rules.json</c>: a pattern, the keywords one of which the text must
/// contain before the pattern runs, an optional check that tells a real value from a look-alike, and its own test strings.
/// </summary>
internal sealed record SecretRule(
    string Id, string Description, IReadOnlyList<string> Keywords, Regex Pattern, string? Check, double MinEntropy, int MinRun,
    IReadOnlyList<string> Positives, IReadOnlyList<string> Lookalikes)
{
    /// <summary>Cards, e-mail addresses and private addresses are personal or network data, not credentials.</summary>
    public bool IsPersonalData => Id is "email" or "private_ip" or "card_number";

    /// <summary>Whether the text (already lower case) contains one of the keywords, so the pattern is worth running.</summary>
    public bool MayMatch(string lowered)
    {
        if (Keywords.Count == 0)
        {
            return true;
        }
        foreach (var keyword in Keywords)
        {
            if (lowered.Contains(keyword, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The first match that passes the rule's check, or null.</summary>
    public Match? FirstReal(string text)
    {
        for (var match = Pattern.Match(text); match.Success; match = match.NextMatch())
        {
            if (SecretChecks.Passes(this, match))
            {
                return match;
            }
        }
        return null;
    }
}
