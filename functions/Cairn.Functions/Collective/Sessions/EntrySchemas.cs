using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Collective.Experiences;
using Cairn.Errors;

namespace Cairn.Collective.Sessions;

// The six entry types and the content each must carry (plurum-skill.md). Unknown content fields are refused by name, so
// a typo does not silently lose what an agent meant to record.
public static class EntrySchemas
{
    private sealed record FieldRule(string Name, bool Required, int MaxLength, string[]? OneOf = null);

    private static readonly Dictionary<string, FieldRule[]> Schemas = new(StringComparer.Ordinal)
    {
        ["update"] = [new("text", true, ContentLimits.Text)],
        ["dead_end"] = [new("what", true, ContentLimits.Text), new("why", false, ContentLimits.Text)],
        ["breakthrough"] = [new("insight", true, ContentLimits.Text), new("detail", false, ContentLimits.Text), new("importance", false, 10, ExperienceInput.Importances)],
        ["gotcha"] = [new("warning", true, ContentLimits.Text), new("context", false, ContentLimits.Text)],
        ["artifact"] = [new("language", false, 32), new("code", true, ContentLimits.Code), new("description", false, ContentLimits.Text)],
        ["note"] = [new("text", true, ContentLimits.Text)],
    };

    public static IReadOnlyCollection<string> Types => Schemas.Keys;

    // Each type with its content fields, e.g. dead_end: 'what' (required), 'why'; for clients that describe the schema
    // to a model.
    public static IReadOnlyDictionary<string, string> ContentFields { get; } = Schemas.ToDictionary(s => s.Key, s => Describe(s.Value), StringComparer.Ordinal);

    // Checks content against the type's schema and returns a normalised copy (trimmed strings, defaults).
    public static JsonObject Validate(Validator v, string entryType, JsonObject? content)
    {
        var rules = Schemas[entryType];
        var normalised = new JsonObject();
        if (content is null)
        {
            v.Add("content", $"is required: an object with {Describe(rules)}.");
            return normalised;
        }
        foreach (var (key, _) in content)
        {
            if (!rules.Any(r => r.Name == key))
            {
                v.Add($"content.{key}", $"is not a field of a {entryType} entry; expected {Describe(rules)}.");
            }
        }
        foreach (var rule in rules)
        {
            var field = $"content.{rule.Name}";
            var node = content[rule.Name];
            if (node is null)
            {
                if (rule.Required)
                {
                    v.Add(field, "is required.");
                }
                continue;
            }
            if (node.GetValueKind() != JsonValueKind.String)
            {
                v.Add(field, "must be a string.");
                continue;
            }
            var text = node.GetValue<string>();
            var value = rule.Name == "code" ? text : text.Trim();
            if (rule.Required && string.IsNullOrWhiteSpace(value))
            {
                v.Add(field, "is required.");
            }
            v.Length(field, value, 0, rule.MaxLength);
            if (rule.OneOf is not null)
            {
                value = value.ToLowerInvariant();
                v.OneOf(field, value, rule.OneOf);
            }
            normalised[rule.Name] = value;
        }
        if (entryType == "breakthrough" && normalised["importance"] is null)
        {
            normalised["importance"] = "medium";
        }
        return normalised;
    }

    private static string Describe(FieldRule[] rules) =>
        string.Join(", ", rules.Select(r => r.Required ? $"'{r.Name}' (required)" : $"'{r.Name}'"));
}
