using System.Text;
using Result = Cairn.Tests.Safety.SecretCorpusPlaceTests.Result;

namespace Cairn.Tests.Safety;

// The per-rule and per-place table of a corpus run, as Markdown.
public sealed record CorpusReport(IReadOnlyList<CorpusReport.PlaceRates> Places, string Markdown)
{
    // Detection: true positives refused with sensitive_content, of those the place accepts at all (a value longer than
    // the field allows is refused by validation before the scan, and is counted apart). False positives: look-alikes
    // refused with sensitive_content, of all look-alikes the place accepts at all.
    public sealed record PlaceRates(string Name, int Positives, int Refused, int Invalid, int Lookalikes, int FalsePositives, int LookalikesInvalid)
    {
        public double Detection => Positives - Invalid == 0 ? 1 : (double)Refused / (Positives - Invalid);

        public double FalsePositiveRate => Lookalikes - LookalikesInvalid == 0 ? 0 : (double)FalsePositives / (Lookalikes - LookalikesInvalid);
    }

    public static CorpusReport Build(IReadOnlyList<string> places, IReadOnlyDictionary<(string Place, string Rule, bool Positive, int Index), Result> tried,
        IReadOnlyList<string> wronglyRefused)
    {
        var rates = places.Select(place =>
        {
            var positives = tried.Where(t => t.Key.Place == place && t.Key.Positive).Select(t => t.Value).ToList();
            var lookalikes = tried.Where(t => t.Key.Place == place && !t.Key.Positive).Select(t => t.Value).ToList();
            return new PlaceRates(place, positives.Count, positives.Count(r => r == Result.Refused), positives.Count(r => r == Result.TooLongOrInvalid),
                lookalikes.Count, lookalikes.Count(r => r == Result.Refused), lookalikes.Count(r => r == Result.TooLongOrInvalid));
        }).ToList();

        var md = new StringBuilder();
        md.AppendLine($"Rules: {(global::Cairn.Safety.SecretRules.All.Count)}; true positives: {tried.Keys.Where(k => k.Positive).Select(k => (k.Rule, k.Index)).Distinct().Count()} " +
            $"({string.Join(", ", Disguises.All.Select(d => d.Name))}); look-alikes: {tried.Keys.Where(k => !k.Positive).Select(k => (k.Rule, k.Index)).Distinct().Count()}.");
        md.AppendLine();
        md.AppendLine("| place | TPs tried | refused (sensitive_content) | too long / invalid for the field | detection | look-alikes | refused (FP) | FP rate |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rates)
        {
            md.AppendLine($"| {r.Name} | {r.Positives} | {r.Refused} | {r.Invalid} | {r.Detection:P1} | {r.Lookalikes} | {r.FalsePositives} | {r.FalsePositiveRate:P2} |");
        }
        md.AppendLine();
        md.AppendLine("Per rule (refused / tried that fit the field, over all places; look-alikes wrongly refused / tried):");
        md.AppendLine();
        md.AppendLine("| rule | TPs | detection | look-alikes | FP |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var rule in tried.Keys.Select(k => k.Rule).Distinct().OrderBy(r => r == "common").ThenBy(r => r, StringComparer.Ordinal))
        {
            var p = tried.Where(t => t.Key.Rule == rule && t.Key.Positive && t.Value != Result.TooLongOrInvalid).Select(t => t.Value).ToList();
            var l = tried.Where(t => t.Key.Rule == rule && !t.Key.Positive && t.Value != Result.TooLongOrInvalid).Select(t => t.Value).ToList();
            var tps = tried.Keys.Where(k => k.Rule == rule && k.Positive).Select(k => k.Index).Distinct().Count();
            var las = tried.Keys.Where(k => k.Rule == rule && !k.Positive).Select(k => k.Index).Distinct().Count();
            md.AppendLine($"| {rule} | {tps} | {(p.Count == 0 ? "–" : $"{p.Count(r => r == Result.Refused)}/{p.Count}")} | {las} | {(l.Count == 0 ? "–" : $"{l.Count(r => r == Result.Refused)}/{l.Count}")} |");
        }
        md.AppendLine();
        md.AppendLine(wronglyRefused.Count == 0 ? "No look-alike was refused." : "Look-alikes refused (false positives):");
        foreach (var text in wronglyRefused)
        {
            md.AppendLine($"- {text}");
        }
        return new CorpusReport(rates, md.ToString());
    }
}
