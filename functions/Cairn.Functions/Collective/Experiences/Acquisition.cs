using System.Text;

namespace Cairn.Collective.Experiences;

// An experience formatted for an agent's context, built deterministically from its structured fields (no model
// involved): the same experience always yields the same text. Formats are in docs/experiences.md.
public static class Acquisition
{
    public static readonly string[] Modes = ["summary", "checklist", "decision_tree", "full"];

    public static AcquireResponse Build(Experience e, string mode) => mode switch
    {
        "summary" => new AcquireResponse(e.Id, e.ShortId, mode, Summary(e), null, null, null),
        "checklist" => new AcquireResponse(e.Id, e.ShortId, mode, null, Checklist(e), null, null),
        "decision_tree" => new AcquireResponse(e.Id, e.ShortId, mode, null, null, DecisionTree(e), null),
        "full" => new AcquireResponse(e.Id, e.ShortId, mode, Summary(e), Checklist(e), DecisionTree(e), ExperienceResponse.From(e)),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown mode."),
    };

    // One paragraph: goal and outcome, the most important insight, what to avoid, what to watch.
    public static string Summary(Experience e)
    {
        var text = new StringBuilder();
        text.Append($"Goal: {Sentence(e.Goal)} Outcome: {e.Outcome}");
        if (e.ToolsUsed.Count > 0)
        {
            text.Append($" (using {string.Join(", ", e.ToolsUsed)})");
        }
        text.Append('.');
        var insights = e.Content.Breakthroughs.OrderBy(b => Array.IndexOf(ExperienceInput.Importances, b.Importance)).Take(2).ToList();
        if (insights.Count > 0)
        {
            text.Append(" Key insight: ").Append(string.Join(" Also: ", insights.Select(b => Sentence(b.Insight))));
        }
        if (e.Content.DeadEnds.Count > 0)
        {
            text.Append(" Avoid: ").Append(string.Join("; ", e.Content.DeadEnds.Select(d => d.Why is null ? d.What : $"{d.What} ({d.Why})"))).Append('.');
        }
        if (e.Content.Gotchas.Count > 0)
        {
            text.Append(" Watch out: ").Append(string.Join("; ", e.Content.Gotchas.Select(g => g.Warning))).Append('.');
        }
        if (e.Content.Artifacts.Count > 0)
        {
            text.Append($" Includes {e.Content.Artifacts.Count} code artifact(s).");
        }
        return text.ToString();
    }

    // Do: breakthroughs (high importance first) and artifacts. Don't: dead ends with why. Watch: gotchas with context.
    public static Checklist Checklist(Experience e) => new(
        [
            .. e.Content.Breakthroughs.OrderBy(b => Array.IndexOf(ExperienceInput.Importances, b.Importance))
                .Select(b => b.Detail is null ? b.Insight : $"{b.Insight} — {b.Detail}"),
            .. e.Content.Artifacts.Select(a => $"Use the {a.Language ?? "code"} artifact: {a.Description ?? FirstLine(a.Code)}"),
        ],
        [.. e.Content.DeadEnds.Select(d => d.Why is null ? d.What : $"{d.What} — {d.Why}")],
        [.. e.Content.Gotchas.Select(g => g.Context is null ? g.Warning : $"{g.Warning} (when: {g.Context})")]);

    // If/then branches: each gotcha is "if its context applies, then heed the warning"; each dead end is "if you
    // consider it, then don't, because why"; otherwise follow the breakthroughs in order of importance.
    public static DecisionTree DecisionTree(Experience e)
    {
        var branches = new List<DecisionBranch>();
        branches.AddRange(e.Content.Gotchas.Select(g => new DecisionBranch(g.Context ?? "always", g.Warning, "gotcha")));
        branches.AddRange(e.Content.DeadEnds.Select(d => new DecisionBranch($"you consider: {d.What}", d.Why is null ? "don't — it was a dead end" : $"don't — {d.Why}", "dead_end")));
        var steps = e.Content.Breakthroughs.OrderBy(b => Array.IndexOf(ExperienceInput.Importances, b.Importance))
            .Select(b => b.Detail is null ? b.Insight : $"{b.Insight}: {b.Detail}").ToList();
        return new DecisionTree(e.Goal, branches, steps, e.Outcome);
    }

    private static string Sentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".";
    }

    private static string FirstLine(string code)
    {
        var line = code.Split('\n', 2)[0].Trim();
        return line.Length > 80 ? line[..80] + "…" : line;
    }
}

public sealed record Checklist(IReadOnlyList<string> Do, IReadOnlyList<string> Dont, IReadOnlyList<string> Watch);

public sealed record DecisionBranch(string If, string Then, string Source);

public sealed record DecisionTree(string Goal, IReadOnlyList<DecisionBranch> Branches, IReadOnlyList<string> Otherwise, string Outcome);

public sealed record AcquireResponse(
    Guid ExperienceId, string ShortId, string Mode, string? Summary, Checklist? Checklist, DecisionTree? DecisionTree, ExperienceResponse? Experience);
