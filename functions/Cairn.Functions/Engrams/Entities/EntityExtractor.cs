using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cairn.Engrams.Entities;

/// <summary>An entity found in an engram's text, as PLUR's <c>entities[]</c> holds it.</summary>
public sealed record ExtractedEntity(string Name, string Type, string? Uri = null);

/// <summary>
/// Deterministic entity extraction from a statement (PLUR: "auto-extracted from statements at ingest time"), no model:
/// URLs (type other, with uri), names from <see cref="KnownTools"/> (tool), versions such as v3.7 or 15.4.1 (other),
/// code identifiers — snake_case, camelCase, PascalCase with two humps, dotted names, calls, backticked spans (other) —
/// and runs of two or more capitalised words such as "Apache AGE" (other). In text order, each name once.
/// </summary>
public static partial class EntityExtractor
{
    public const int MaxEntities = 20;

    public static IReadOnlyList<ExtractedEntity> Extract(string text)
    {
        var found = new List<(int At, ExtractedEntity Entity)>();
        var taken = new List<(int Start, int End)>();
        void Add(Match match, string name, string type, string? uri = null)
        {
            if (taken.Any(t => match.Index < t.End && t.Start < match.Index + match.Length))
            {
                return;
            }
            taken.Add((match.Index, match.Index + match.Length));
            found.Add((match.Index, new ExtractedEntity(name, type, uri)));
        }
        foreach (Match url in Url().Matches(text))
        {
            var value = url.Value.TrimEnd('.', ',', ';', ':', '!', '?');
            if (Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                Add(url, value, "other", value);
            }
        }
        foreach (Match code in Backticked().Matches(text))
        {
            Add(code, code.Groups[1].Value, "other");
        }
        foreach (Match word in Token().Matches(text))
        {
            if (KnownTools.Find(word.Value) is { } tool)
            {
                Add(word, tool, "tool");
            }
            else if (Version().IsMatch(word.Value) || Identifier().IsMatch(word.Value))
            {
                Add(word, word.Value.TrimEnd('(', ')'), "other");
            }
        }
        foreach (Match name in CapitalisedRun().Matches(text))
        {
            var words = name.Value.Split(' ');
            // A sentence's first word is capitalised anyway: a run must have two capitalised words besides a leading article.
            var trimmed = words[0] is "The" or "A" or "An" or "This" or "That" ? words[1..] : words;
            if (trimmed.Length >= 2)
            {
                Add(name, string.Join(' ', trimmed), "other");
            }
        }
        return found.OrderBy(f => f.At).Select(f => f.Entity)
            .DistinctBy(e => e.Name, StringComparer.OrdinalIgnoreCase).Take(MaxEntities).ToList();
    }

    /// <summary>PLUR's JSON form of the entities.</summary>
    public static JsonArray ToJson(IEnumerable<ExtractedEntity> entities) =>
        new([.. entities.Select(e => (JsonNode)(e.Uri is null
            ? new JsonObject { ["name"] = e.Name, ["type"] = e.Type }
            : new JsonObject { ["name"] = e.Name, ["type"] = e.Type, ["uri"] = e.Uri }))]);

    [GeneratedRegex(@"https?://[^\s<>""'`)\]]+")]
    private static partial Regex Url();

    [GeneratedRegex(@"`([^`\n]{1,80})`")]
    private static partial Regex Backticked();

    // A word with the characters code and versions use inside it (dots, underscores, parentheses at the end).
    [GeneratedRegex(@"(?<![\w./-])[A-Za-z0-9][\w.+#-]*[\w+#](\(\))?|(?<![\w./-])[A-Za-z0-9]")]
    private static partial Regex Token();

    [GeneratedRegex(@"^v?\d+(\.\d+)+$")]
    private static partial Regex Version();

    [GeneratedRegex(@"^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+[a-z0-9]*[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?|[A-Za-z_]\w*\(\))$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*)+\b")]
    private static partial Regex CapitalisedRun();
}
