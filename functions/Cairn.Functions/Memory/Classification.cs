using System.Text.RegularExpressions;

namespace Cairn.Memory;

/// <summary>Chooses the ring for a buffered observation: one of <see cref="Rings.Classified"/>.</summary>
public interface IMemoryClassifier
{
    Task<string> ClassifyAsync(MemoryItem observation, CancellationToken cancellationToken);
}

// The default classifier: deterministic rules, first match wins (docs/memory.md, "Classifier rules"). 1. a type hint
// that names a ring; 2. shocks: a failure (or an error) described with a severity word; 3. procedures: numbered steps,
// two sequencing words, a leading command verb, or a tool that succeeded; 4. practice: guidance words, or any other
// failure (a lesson); 5. long-term: everything else.
public sealed partial class RuleClassifier : IMemoryClassifier
{
    public Task<string> ClassifyAsync(MemoryItem observation, CancellationToken cancellationToken) =>
        Task.FromResult(Classify(observation.Content, observation.Type, observation.Outcomes, observation.ToolName));

    public static string Classify(string text, string? type, MemoryOutcomes outcomes, string? toolName)
    {
        if (type is not null && ObservationTypes.Rings.GetValueOrDefault(type) is { } hinted)
        {
            return hinted;
        }
        var failed = outcomes.Failure > 0 && outcomes.Success == 0;
        if ((failed || type == "error") && Severity().IsMatch(text))
        {
            return Rings.Shocks;
        }
        if (NumberedStep().IsMatch(text) || Sequencing().Matches(text).Count >= 2 || CommandStart().IsMatch(text)
            || (toolName is not null && outcomes.Success > 0 && !failed))
        {
            return Rings.Procedures;
        }
        if (Guidance().IsMatch(text) || failed)
        {
            return Rings.Practice;
        }
        return Rings.LongTerm;
    }

    [GeneratedRegex(@"\b(crash(ed|es|ing)?|outage|down ?time|data loss|lost (all |the )?data|corrupt(ed|ion|s)?|security|breach(ed)?|leak(ed|s)?|vulnerab\w*|incident|fatal|panic(ked)?|roll(ed)? ?back|production (is |was |went )?down|deleted by mistake|never again|catastroph\w*|irreversibl[ey])\b", RegexOptions.IgnoreCase)]
    private static partial Regex Severity();

    [GeneratedRegex(@"(^|\n)\s*\d+[.)]\s|\bstep \d+\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedStep();

    [GeneratedRegex(@"\b(first|then|next|finally|afterwards|after that)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Sequencing();

    [GeneratedRegex(@"^\s*(run|install|execute|call|open|set|configure|create|add|deploy|build|start|stop|restart|clone|check ?out|commit|push|pull|merge|rebase|export|enable|disable|apply|invoke|use)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CommandStart();

    [GeneratedRegex(@"\b(always|never|prefer|avoid|should(n't)?|must|don't|do not|best practice|instead of|make sure|remember to|tip|lesson|better to|rule of thumb|watch out|beware)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Guidance();
}
