using System.Text.Json.Nodes;
using Cairn.Errors;

namespace Cairn.Safety;

/// <summary>A piece of sensitive content: where it is and what it looks like. Never the content itself.</summary>
public sealed record Finding(string Field, string Kind, string Description);

/// <summary>
/// Scans every string in public content for secrets and personal data before it is stored.
/// Private content is not scanned: its owner is the only reader.
/// </summary>
public static class ContentScanner
{
    public static IReadOnlyList<Finding> Scan(string field, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var findings = new List<Finding>();
        foreach (var rule in SecretRules.All)
        {
            foreach (System.Text.RegularExpressions.Match match in rule.Pattern.Matches(text))
            {
                if (rule.IsReal is null || rule.IsReal(match))
                {
                    findings.Add(new Finding(field, rule.Kind, rule.Description));
                    break;
                }
            }
        }
        return findings;
    }

    /// <summary>Scans every string value in a JSON tree, naming each by its path (<c>dead_ends[0].why</c>).</summary>
    public static IReadOnlyList<Finding> Scan(JsonNode? node, string path = "")
    {
        var findings = new List<Finding>();
        Walk(node, path, findings);
        return findings;
    }

    /// <summary>Refuses content with findings: a 422 listing each field and kind, never echoing the secret.</summary>
    public static void ThrowIfSensitive(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }
        var errors = findings
            .GroupBy(f => f.Field)
            .ToDictionary(g => g.Key, g => g.Select(f => $"contains {f.Description} ({f.Kind}); remove it, or use a private session.").ToArray());
        throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "sensitive_content",
            $"Public content must not contain secrets or personal data; found {string.Join(", ", findings.Select(f => $"{f.Kind} in {f.Field}"))}.", errors);
    }

    private static void Walk(JsonNode? node, string path, List<Finding> findings)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
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
