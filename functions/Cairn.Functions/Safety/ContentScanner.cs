using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cairn.Errors;

namespace Cairn.Safety;

// A piece of sensitive content: where it is and which rule found it. Never the content itself.
public sealed record Finding(string Field, string Kind, string Description);

// Scans content that other agents will see for secrets and personal data before it is stored (rules in
// secret-rules.json, run over every form ScanViews gives). Private content is not refused: its owner is the only
// reader.
public static class ContentScanner
{
    public static IReadOnlyList<Finding> Scan(string field, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var findings = new List<Finding>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in ScanViews.Of(text))
        {
            var lowered = view.ToLowerInvariant();
            var runs = TokenRuns.Find(view, TokenRuns.IsBase64, MinRunOfAnyRule);
            foreach (var rule in SecretRules.All)
            {
                if (!found.Contains(rule.Id) && rule.MayMatch(lowered) && Matches(rule, view, runs))
                {
                    found.Add(rule.Id);
                    findings.Add(new Finding(field, rule.Id, rule.Description));
                }
            }
        }
        return findings;
    }

    // Scans every string value in a JSON tree, naming each by its path (dead_ends[0].why).
    public static IReadOnlyList<Finding> Scan(JsonNode? node, string path = "")
    {
        var findings = new List<Finding>();
        Walk(node, path, findings);
        return findings;
    }

    // Scans each string of a list, naming each by its index (tools_used[2]).
    public static IEnumerable<Finding> Scan(string field, IEnumerable<string>? values) =>
        (values ?? []).SelectMany((value, i) => Scan($"{field}[{i}]", value));

    // Scans named fields at once: ScanAll(("name", name), ("goal", goal)).
    public static IReadOnlyList<Finding> ScanAll(params (string Field, string? Text)[] fields) =>
        fields.SelectMany(f => Scan(f.Field, f.Text)).ToList();

    // Refuses content with findings: a 422 naming each field and rule id, never echoing the secret.
    public static void ThrowIfSensitive(IEnumerable<Finding> findings)
    {
        var all = findings.ToList();
        if (all.Count == 0)
        {
            return;
        }
        var errors = all
            .GroupBy(f => f.Field)
            .ToDictionary(g => g.Key, g => g.Select(f => $"contains {f.Description} (rule {f.Kind}); remove it, or keep it private.").ToArray());
        throw new ValidationFailedException("sensitive_content",
            $"Content other agents can read must not contain secrets or personal data; found {string.Join(", ", all.Select(f => $"{f.Kind} in {f.Field}"))}.", errors);
    }

    // The text with what the rules find replaced by [REDACTED:rule], for owners who ask for it. Masks in the normalised
    // form; a secret found only in a decoded or rejoined form masks the whole value.
    public static string Redact(string text, bool includePersonalData = true, string? mask = null)
    {
        var rules = SecretRules.All.Where(r => includePersonalData || !r.IsPersonalData).ToList();
        var redacted = ScanViews.Normalize(text);
        foreach (var rule in rules)
        {
            if (rule.MayMatch(redacted.ToLowerInvariant()))
            {
                redacted = rule.Pattern.Replace(redacted, m => SecretChecks.Passes(rule, m) ? mask ?? $"[REDACTED:{rule.Id}]" : m.Value);
            }
        }
        var left = Scan("", redacted).FirstOrDefault(f => rules.Any(r => r.Id == f.Kind));
        return left is null ? redacted : mask ?? $"[REDACTED:{left.Kind}]";
    }

    private static int MinRunOfAnyRule => SecretRules.All.Select(r => r.MinRun).Where(n => n > 0).DefaultIfEmpty(int.MaxValue).Min();

    // A rule for a bare long token (min_run) runs over each run of base64 characters at least that long, not over the
    // whole text; any other rule runs over the text.
    // A copy of the JSON with every string value (and key) passed through Redact(string, bool, string?).
    public static JsonObject Redact(JsonObject content)
    {
        var redacted = new JsonObject();
        foreach (var (key, value) in content)
        {
            redacted[Redact(key)] = value switch
            {
                JsonObject obj => Redact(obj),
                JsonArray array => new JsonArray([.. array.Select(item => item is JsonObject o ? Redact(o) : item is JsonValue v && v.TryGetValue<string>(out var s) ? JsonValue.Create(Redact(s)) : item?.DeepClone())]),
                JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Redact(text)),
                _ => value?.DeepClone(),
            };
        }
        return redacted;
    }

    private static bool Matches(SecretRule rule, string view, List<Range> runs)
    {
        try
        {
            return rule.MinRun == 0
                ? rule.FirstReal(view) is not null
                : runs.Any(run => view[run].Length >= rule.MinRun && rule.FirstReal(view[run]) is not null);
        }
        catch (RegexMatchTimeoutException)
        {
            // A value too tangled to scan in time is not let through unscanned.
            return true;
        }
    }

    private static void Walk(JsonNode? node, string path, List<Finding> findings)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    // A key can carry a secret too; it is named by where it is, never by itself.
                    findings.AddRange(Scan(path.Length == 0 ? "(a key)" : $"{path} (a key)", key));
                    Walk(value, path.Length == 0 ? key : $"{path}.{key}", findings);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", findings);
                }
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                findings.AddRange(Scan(path, text));
                break;
        }
    }
}
