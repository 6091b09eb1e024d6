using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Cairn.Errors;

// The characters no stored string may hold: C0 controls other than tab, line feed and carriage return (PostgreSQL
// refuses U+0000 in text and JSONB, and the others are never meant), and unpaired UTF-16 surrogates (which have no
// UTF-8 form, so they cannot be stored or sent back). Checked once where input arrives, before any write.
public static class TextRules
{
    public const string ControlRule = "must not contain control characters (U+0000 to U+001F other than tab, line feed and carriage return).";
    public const string SurrogateRule = "must not contain unpaired surrogates (U+D800 to U+DFFF); send valid Unicode text.";

    // Stored documents wrap what a request sends in levels of their own: a body that nested 60 deep was stored and then
    // failed every read of it (500, at System.Text.Json's default 64). 32 leaves the wrappers room; CairnJson reads 128,
    // so what was stored before this limit still reads.
    public const int MaxDepth = 32;
    public const string DepthRule = "must not nest objects and arrays more than 32 levels deep.";

    // The rule text breaks, or null when it is fine.
    public static string? Check(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                return ControlRule;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return SurrogateRule;
            }
        }
        return null;
    }

    // The first string (property name or value) of a UTF-8 JSON document that breaks a rule, as (field path, rule);
    // null when every string is fine. Malformed JSON is left to the deserializer, which reports it with its position.
    public static (string Field, string Rule)? FindInJson(ReadOnlySequence<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Enter(reader.TokenType == JsonTokenType.StartArray);
                        if (reader.CurrentDepth >= MaxDepth)
                        {
                            return (path.ToString(), DepthRule);
                        }
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Decode(ref reader, out var nameRule);
                        path.Property(name ?? "?");
                        if (nameRule is not null)
                        {
                            return (path.ToString(), nameRule);
                        }
                        continue;
                    case JsonTokenType.String:
                        path.Value();
                        if (reader.ValueIsEscaped || !IsPlainAscii(ref reader))
                        {
                            Decode(ref reader, out var rule);
                            if (rule is not null)
                            {
                                return (path.ToString(), rule);
                            }
                        }
                        break;
                    default:
                        path.Value();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the deserializer will say where and why (malformed_json).
        }
        return null;
    }

    public static (string Field, string Rule)? FindInJson(ReadOnlyMemory<byte> utf8) => FindInJson(new ReadOnlySequence<byte>(utf8));

    // Throws a 422 naming the first field of node (e.g. a parsed YAML pack) that breaks a rule.
    public static void ThrowIfInvalid(System.Text.Json.Nodes.JsonNode? node, string? prefix = null)
    {
        if (Find(node, prefix, 0) is { } bad)
        {
            throw ApiProblem.Validation(bad.Field, bad.Rule);
        }
    }

    private static (string Field, string Rule)? Find(System.Text.Json.Nodes.JsonNode? node, string? path, int depth)
    {
        if (node is System.Text.Json.Nodes.JsonObject or System.Text.Json.Nodes.JsonArray && depth >= MaxDepth)
        {
            return (path ?? "body", DepthRule);
        }
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject map:
                List<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>> members;
                try
                {
                    members = [.. map];
                }
                catch (InvalidOperationException)
                {
                    // Read from JSON text, a node decodes its names lazily and throws on an escaped lone surrogate.
                    return (path ?? "body", SurrogateRule);
                }
                foreach (var (name, child) in members)
                {
                    var at = path is null ? name : $"{path}.{name}";
                    if (Check(name) is { } nameRule)
                    {
                        return (at, nameRule);
                    }
                    if (Find(child, at, depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case System.Text.Json.Nodes.JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (Find(list[i], $"{path}[{i}]", depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case System.Text.Json.Nodes.JsonValue value:
                try
                {
                    return value.TryGetValue<string>(out var text) && Check(text) is { } rule ? (path ?? "body", rule) : null;
                }
                catch (InvalidOperationException)
                {
                    return (path ?? "body", SurrogateRule);
                }
            default:
                return null;
        }
    }

    private static string? Decode(ref Utf8JsonReader reader, out string? rule)
    {
        string text;
        try
        {
            // Unescapes \u0000 and friends; throws on escaped lone surrogates and on bytes that are not UTF-8.
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            rule = HasInvalidUtf8(ref reader) ? "must be valid UTF-8 text." : SurrogateRule;
            return null;
        }
        rule = Check(text);
        return text;
    }

    private static bool HasInvalidUtf8(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        return !System.Text.Unicode.Utf8.IsValid(raw);
    }

    // Printable ASCII without escapes cannot break a rule (the reader already refuses raw control bytes).
    private static bool IsPlainAscii(ref Utf8JsonReader reader) =>
        !reader.HasValueSequence && Ascii.IsValid(reader.ValueSpan);
}
