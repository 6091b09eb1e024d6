using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Cairn.Errors;

// Marks a request whose fields may also be sent in camelCase (plugged.in's SDKs send contentType, ttlSeconds …).
[AttributeUsage(AttributeTargets.Class)]
public sealed class CamelCaseAliasesAttribute : Attribute
{
    // Fields a documented client sends that the server decides itself (plugged.in's source): accepted and dropped.
    public string[] Ignored { get; init; } = [];
}

// How request bodies bind: an unknown top-level field is rejected (422 unknown_field, with the field it was probably
// meant to be) instead of silently dropped; requests marked CamelCaseAliasesAttribute also accept camelCase names.
// Bodies bound as JSON objects (engrams) keep every field: they are data there, not options.
public static partial class StrictRequests
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new CamelCaseAliasConverterFactory());
        return options;
    }

    // The problem for a JSON error that names a field the request type does not have, or null for any other error.
    internal static ApiProblem? UnknownField(JsonException json, Type? requestType)
    {
        if (UnmappedMember().Match(json.Message) is not { Success: true } match)
        {
            return null;
        }
        var field = match.Groups["name"].Value;
        var parent = json.Path is null or "$" ? "" : json.Path.TrimStart('$').TrimStart('.');
        var path = parent.Length == 0 || parent == field ? field : parent.EndsWith($".{field}", StringComparison.Ordinal) ? parent : $"{parent}.{field}";
        var owner = Type.GetType(match.Groups["type"].Value) ?? FindType(requestType, match.Groups["type"].Value);
        var known = owner is null ? [] : FieldNames(owner);
        var suggestion = Suggest(field, known);
        var message = suggestion is null
            ? known.Count == 0 ? "is not a field of this request." : $"is not a field of this request (fields: {string.Join(", ", known)})."
            : $"is not a field of this request; did you mean \"{suggestion}\"?";
        return new ApiProblem(StatusCodes.Status422UnprocessableEntity, "unknown_field", $"{path}: {message}",
            new Dictionary<string, string[]> { [path] = [message] });
    }

    // The wire names of a request's fields (snake_case), in declaration order.
    internal static IReadOnlyList<string> FieldNames(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))];

    // The known field an unknown one most likely meant: the same letters apart from case and separators, one name (3 or
    // more letters) starting with the other ("vote" → "vote_type"), or a small edit distance (typos).
    internal static string? Suggest(string field, IReadOnlyList<string> known)
    {
        var wanted = Squash(field);
        if (wanted.Length == 0)
        {
            return null;
        }
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var name in known)
        {
            var candidate = Squash(name);
            var score = candidate == wanted ? 0
                : Math.Min(wanted.Length, candidate.Length) >= 3 && (candidate.StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(candidate, StringComparison.Ordinal)) ? 1
                : Distance(wanted, candidate) is var d && d <= Math.Max(1, Math.Min(wanted.Length, candidate.Length) / 3) ? 1 + d
                : int.MaxValue;
            if (score < bestScore)
            {
                (best, bestScore) = (name, score);
            }
        }
        return best;
    }

    private static string Squash(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    // Levenshtein distance; names are short, so the plain two-row form is enough.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static Type? FindType(Type? root, string fullName) =>
        root is null ? null : root.FullName == fullName ? root : root.Assembly.GetType(fullName);

    [GeneratedRegex("The JSON property '(?<name>.*)' could not be mapped to any \\.NET member contained in type '(?<type>[^']+)'")]
    private static partial Regex UnmappedMember();
}
