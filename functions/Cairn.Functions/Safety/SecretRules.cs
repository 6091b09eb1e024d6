using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Cairn.Safety;

// The rules, read once from the embedded Safety/secret-rules.json: written from the providers' published token formats
// (prefixes, alphabets, lengths), each with true positives and look-alikes that the corpus test replays.
internal static class SecretRules
{
    // Generous for one match over at most a few MiB; a pattern that takes longer is treated as a finding (fail closed).
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly Lazy<RuleFile> File = new(Load);

    // Interpreted, not RegexOptions.Compiled: the keyword pre-filter keeps most patterns from running, and compiling 81
    // patterns would add to the first scan of every cold instance.

    public static IReadOnlyList<SecretRule> All => File.Value.Rules;

    // Text that looks like a secret to a careless eye but is not one (UUIDs, digests, placeholders, prose).
    public static IReadOnlyList<string> CommonLookalikes => File.Value.Lookalikes;

    private static RuleFile Load()
    {
        using var stream = typeof(SecretRules).Assembly.GetManifestResourceStream("Cairn.Safety.secret-rules.json")
            ?? throw new InvalidOperationException("The embedded resource Cairn.Safety.secret-rules.json is missing.");
        var file = JsonSerializer.Deserialize<RuleFileJson>(stream) ?? throw new InvalidOperationException("secret-rules.json is empty.");
        var rules = file.Rules.Select(r => new SecretRule(r.Id, r.Description, r.Keywords.Select(k => k.ToLowerInvariant()).ToList(),
            new Regex(r.Pattern, RegexOptions.CultureInvariant, MatchTimeout), r.Check, r.MinEntropy ?? 3.0, r.MinRun ?? 0, r.Positives, r.Lookalikes)).ToList();
        var duplicate = rules.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? new RuleFile(rules, file.Lookalikes ?? []) : throw new InvalidOperationException($"Rule id '{duplicate.Key}' appears twice.");
    }

    private sealed record RuleFile(IReadOnlyList<SecretRule> Rules, IReadOnlyList<string> Lookalikes);

    private sealed record RuleFileJson(
        [property: JsonPropertyName("rules")] List<RuleJson> Rules,
        [property: JsonPropertyName("lookalikes")] List<string>? Lookalikes);

    private sealed record RuleJson(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("keywords")] List<string> Keywords,
        [property: JsonPropertyName("pattern")] string Pattern,
        [property: JsonPropertyName("check")] string? Check,
        [property: JsonPropertyName("min_entropy")] double? MinEntropy,
        [property: JsonPropertyName("min_run")] int? MinRun,
        [property: JsonPropertyName("positives")] List<string> Positives,
        [property: JsonPropertyName("lookalikes")] List<string> Lookalikes);
}
