using System.Text.RegularExpressions;

namespace Cairn.Safety;

// One kind of sensitive content, read from secret-rules.json: a pattern, the keywords one of which the text must
// contain before the pattern runs, an optional check that tells a real value from a look-alike, and its own test
// strings.
internal sealed record SecretRule(
    string Id, string Description, IReadOnlyList<string> Keywords, Regex Pattern, string? Check, double MinEntropy, int MinRun,
    IReadOnlyList<string> Positives, IReadOnlyList<string> Lookalikes)
{
    // Cards, e-mail addresses and private addresses are personal or network data, not credentials.
    public bool IsPersonalData => Id is "email" or "private_ip" or "card_number";

    // Whether the text (already lower case) contains one of the keywords, so the pattern is worth running.
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

    // The first match that passes the rule's check, or null.
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
