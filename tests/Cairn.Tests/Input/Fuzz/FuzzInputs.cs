using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Cairn.Tests.Input.Fuzz;

// One generated request: where it goes, what it carries, and what kind of mistake it holds.
public sealed record FuzzCase(string Method, string Path, string? Body, string Kind)
{
    public override string ToString() => $"{Method} {Path} [{Kind}] {Truncate(Body)}";

    private static string Truncate(string? text) => text is null ? "" : text.Length > 120 ? text[..120] + "…" : text;
}

// The malformed, mistyped, oversized, forbidden-character and boundary values the fuzz suite draws from.
public static class FuzzInputs
{
    public const string BadUtf8 = "bad utf-8";

    // Whole bodies that no endpoint may take.
    public static readonly IReadOnlyList<(string Kind, string Body)> Bodies =
    [
        ("empty", ""),
        ("truncated", "{\"a\": "),
        ("not json", "<xml/>"),
        ("null", "null"),
        ("array", "[1, 2, 3]"),
        ("number", "42"),
        ("string", "\"text\""),
        ("deep", new string('[', 300) + new string(']', 300)),
        ("nul outside strings", "{\"a\": 1}\u0000"),
        // Sent as Latin-1, so these two characters become the bytes FF FE: not UTF-8.
        (BadUtf8, "{\"a\": \"\u00ff\u00fe\"}"),
        ("duplicate keys", "{\"a\": 1, \"a\": 2}"),
        ("escaped nul key", "{\"\\u0000\": 1}"),
    ];

    // Values that replace one field of an otherwise plausible body.
    public static readonly IReadOnlyList<(string Kind, string Json)> Values =
    [
        ("nul", "\"a\\u0000b\""),
        ("control", "\"bell\\u0007\""),
        ("escape char", "\"\\u001b[31m\""),
        ("lone high surrogate", "\"\\ud800\""),
        ("lone low surrogate", "\"x\\udfffy\""),
        ("reversed pair", "\"\\udc00\\ud800\""),
        ("huge string", "\"" + new string('x', 200_000) + "\""),
        ("empty string", "\"\""),
        ("whitespace", "\"   \\t \""),
        ("number", "12345"),
        ("negative", "-1"),
        ("huge number", "1e400"),
        ("tiny", "-9223372036854775809"),
        ("fraction", "0.5"),
        ("boolean", "true"),
        ("null", "null"),
        ("object", "{\"nested\": \"\\u0000\"}"),
        ("array", "[\"\\ud800\"]"),
        ("empty array", "[]"),
        ("date min offset", "\"0001-01-01T00:00:00+14:00\""),
        ("date max offset", "\"9999-12-31T23:59:59.9999999-14:00\""),
        ("date year zero", "\"0000-01-01\""),
        ("guid-like", "\"00000000-0000-0000-0000-000000000000\""),
        ("numeric string", "\"5\""),
    ];

    // Query values (already URL-encoded) that the binder or the validators must refuse or bound.
    public static readonly IReadOnlyList<(string Kind, string Value)> QueryValues =
    [
        ("nul", "a%00b"),
        ("control", "%1B"),
        ("invalid utf-8", "%ED%A0%80"),
        ("empty", ""),
        ("negative", "-1"),
        ("huge", "99999999999999999999999"),
        ("not a number", "abc"),
        ("long", new string('q', 4000)),
        ("date min offset", "0001-01-01T00%3A00%3A00%2B14%3A00"),
        ("NaN", "NaN"),
    ];

    // Route values that must not reach a store as they are.
    public static readonly IReadOnlyList<(string Kind, string Value)> RouteValues =
    [
        ("nul", "a%00b"),
        ("control", "%01"),
        ("not a guid", "not-a-guid"),
        ("long", new string('r', 2000)),
        ("dots", ".."),
        ("unicode", "%E2%98%83"),
    ];

    // The JSON property names of a request type (snake_case, as the API reads them).
    public static IReadOnlyList<string> PropertiesOf(Type? type) =>
        type is null || type == typeof(JsonObject) || type.IsPrimitive || type == typeof(string)
            ? []
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
                .ToList();

    // baseline with field replaced by the raw JSON value.
    public static string Replace(JsonObject baseline, string field, string value)
    {
        var copy = baseline.DeepClone().AsObject();
        copy[field] = 0; // placeholder, so the field keeps its place
        var text = copy.ToJsonString();
        var placeholder = $"\"{field}\":0";
        var at = text.IndexOf(placeholder, StringComparison.Ordinal);
        return text[..at] + $"\"{field}\":" + value + text[(at + placeholder.Length)..];
    }
}
