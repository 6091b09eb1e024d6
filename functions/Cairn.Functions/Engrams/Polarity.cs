using System.Text.RegularExpressions;

namespace Cairn.Engrams;

// Infers a statement's polarity when the engram does not state one: a constraint ("dont") when it forbids, a directive
// ("do") when it commands, null for plain knowledge. Heuristic and deliberately cautious: "X does not support Y" is
// knowledge, not a constraint. Callers override it by sending polarity.
public static partial class Polarity
{
    public static string? Infer(string statement)
    {
        var text = statement.Trim();
        if (Forbids().IsMatch(text))
        {
            return "dont";
        }
        return Commands().IsMatch(text) ? "do" : null;
    }

    public static string? Opposite(string? polarity) => polarity switch
    {
        "do" => "dont",
        "dont" => "do",
        _ => null,
    };

    [GeneratedRegex(@"^(never|don'?t|do not|avoid|stop|no)\b|\b(must not|mustn'?t|should not|shouldn'?t|never)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Forbids();

    [GeneratedRegex(@"^(always|use|prefer|ensure|make sure|do|run|set|keep|validate|check|write|add|call|put|remember|pin|prefix|wrap|test)\b|\b(must|should|always)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Commands();
}
