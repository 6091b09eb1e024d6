using System.Text.RegularExpressions;

namespace Cairn.Memory;

// Builds a session's Z-report (docs/memory.md, "Z-reports"): a summary (a count line, then the agent's own summary and
// its observations compressed to ~150 tokens), decisions (given, typed "decision", or sentences saying so), the tools
// tallied at each observation, and the success rate.
public static partial class ZReports
{
    public const int SummaryTokens = 150;

    // (successes + half the partial ones) / rated, over the session's observations and the closing outcome if given;
    // 0.5 when nothing was rated — no evidence either way, and never enough for promotion.
    public static double SuccessRate(MemoryOutcomes outcomes) => Math.Round(outcomes.SuccessRate ?? 0.5, 4);

    public static async Task<ZReport> BuildAsync(
        MemorySession session, IReadOnlyList<MemoryItem> observations, UpdateMemorySessionRequest request, RingCounts placed,
        IMemoryCompressor compressor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcomes = session.Outcomes.Add(MemoryOutcomes.Of(request.Outcome));
        var counts = $"{session.Title ?? "Session"}: {session.ObservationCount} observation(s); {outcomes.Success} succeeded, {outcomes.Failure} failed, {outcomes.Partial} partial.";
        var body = string.Join('\n', new[] { request.Summary?.Trim() }.Concat(observations.Select(o => o.Content)).Where(t => !string.IsNullOrWhiteSpace(t)));
        var summary = body.Length == 0 ? counts : $"{counts} {await compressor.CompressAsync(body, SummaryTokens, cancellationToken)}";
        return new ZReport(summary, Decisions(request.Decisions, observations), session.Tools.OrderByDescending(t => t.Uses).ThenBy(t => t.Name, StringComparer.Ordinal).ToList(),
            session.ObservationCount, outcomes, SuccessRate(outcomes), placed, now);
    }

    // The agent's decisions first, then essences of "decision" observations, then sentences that say a decision was
    // made.
    public static IReadOnlyList<string> Decisions(IReadOnlyList<string>? given, IReadOnlyList<MemoryItem> observations)
    {
        var found = (given ?? []).Select(d => d.Trim())
            .Concat(observations.Where(o => o.Type == "decision").Select(o => o.Essence))
            .Concat(observations.Where(o => o.Type != "decision").SelectMany(o => MemoryText.Sentences(o.Content)).Where(s => DecisionMarker().IsMatch(s)));
        return found.Where(d => d.Length > 0)
            .Select(d => MemoryText.Truncate(d, MemoryLimits.Decision))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MemoryLimits.Decisions)
            .ToList();
    }

    [GeneratedRegex(@"\b(decided|decide to|chose|chosen|choose to|going with|opted|settled on|switched to|will use|agreed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DecisionMarker();
}
