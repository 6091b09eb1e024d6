using System.Text;

namespace Cairn.Engrams.Recall;

/// <summary>An engram placed in the block: its section, whether its statement or its summary was used, and its line.</summary>
public sealed record PlacedEngram(RankedEngram Engram, string Section, string Rendered, string Line, bool Anchors);

/// <summary>What fits: the placed engrams in rank order, the ranked ones that did not, the block and its tokens.</summary>
public sealed record FilledBlock(IReadOnlyList<PlacedEngram> Placed, IReadOnlyList<RankedEngram> Left, string Text, int Tokens);

/// <summary>
/// The text an agent injects, filled greedily in rank order within the token budget, so locked and pinned engrams
/// claim the budget first. Constraints (polarity dont), directives (do) and other knowledge are separate sections,
/// so a rule is not mistaken for an example. An engram whose statement does not fit is tried by its summary; one
/// that still does not fit is left out and the next is tried. Knowledge anchors' snippets follow their statement when
/// the whole fits; otherwise the statement goes alone. The whole block, headers included, is counted.
/// </summary>
public static class InjectionBlock
{
    public const string Constraints = "constraints";
    public const string Directives = "directives";
    public const string Knowledge = "knowledge";

    private static readonly (string Section, string Header)[] Sections =
    [
        (Constraints, "## Constraints (do not)"),
        (Directives, "## Directives (do)"),
        (Knowledge, "## Knowledge"),
    ];

    public static FilledBlock Fill(IReadOnlyList<RankedEngram> ranked, int budget)
    {
        var lines = Sections.ToDictionary(s => s.Section, _ => new List<string>());
        var placed = new List<PlacedEngram>();
        var left = new List<RankedEngram>();
        var used = 0;
        foreach (var engram in ranked)
        {
            var view = engram.Candidate.View;
            var section = SectionOf(view.Polarity);
            var fitted = false;
            foreach (var (rendered, text, anchors) in Renderings(view))
            {
                var line = Line(engram.Candidate.EngramId, text, view, anchors);
                var added = Tokens.Estimate(Added(lines, section, line));
                if (used + added <= budget)
                {
                    lines[section].Add(line);
                    used += added;
                    placed.Add(new PlacedEngram(engram, section, rendered, line, anchors));
                    fitted = true;
                    break;
                }
            }
            if (!fitted)
            {
                left.Add(engram);
            }
        }
        var block = Render(lines);
        var tokens = Tokens.Estimate(block);
        // Should a seam merge differently in the whole block, give back the last placed engrams until it fits.
        while (tokens > budget && placed.Count > 0)
        {
            var last = placed[^1];
            placed.RemoveAt(placed.Count - 1);
            lines[last.Section].Remove(last.Line);
            left.Insert(0, last.Engram);
            block = Render(lines);
            tokens = Tokens.Estimate(block);
        }
        return new FilledBlock(placed, left, block, tokens);
    }

    public static string SectionOf(string? polarity) => polarity switch
    {
        "dont" => Constraints,
        "do" => Directives,
        _ => Knowledge,
    };

    public static string Line(string id, string text, RecallView view, bool anchors = false)
    {
        var line = new StringBuilder("- ").Append(text);
        if (view.Locked)
        {
            line.Append(" (locked)");
        }
        line.Append(" [").Append(id).Append(']');
        if (view.Contraindications.Count > 0)
        {
            line.Append("\n  Not when: ").AppendJoin("; ", view.Contraindications);
        }
        foreach (var anchor in anchors ? view.Anchors ?? [] : [])
        {
            line.Append("\n  At ").Append(anchor.Path).Append(" (").Append(anchor.Relevance).Append("): ").Append(anchor.Snippet);
        }
        return line.ToString();
    }

    private static IEnumerable<(string Rendered, string Text, bool Anchors)> Renderings(RecallView view)
    {
        if (view.Anchors is { Count: > 0 })
        {
            yield return ("statement", view.Statement, true);
        }
        yield return ("statement", view.Statement, false);
        if (view.Summary is { Length: > 0 } summary && summary.Length < view.Statement.Length)
        {
            yield return ("summary", summary, false);
        }
    }

    /// <summary>Characters the block grows by: the line and its newline, plus the header (and blank line) for a new section.</summary>
    // The text the line adds to the block; newlines are tokens of their own in o200k, so the counts add up.
    private static string Added(Dictionary<string, List<string>> lines, string section, string line)
    {
        if (lines[section].Count > 0)
        {
            return "\n" + line;
        }
        var header = Sections.First(s => s.Section == section).Header;
        var separator = lines.Values.Any(l => l.Count > 0) ? "\n\n" : "";
        return $"{separator}{header}\n{line}";
    }

    private static string Render(Dictionary<string, List<string>> lines) =>
        string.Join("\n\n", Sections.Where(s => lines[s.Section].Count > 0).Select(s => $"{s.Header}\n{string.Join('\n', lines[s.Section])}"));
}
