using System.Buffers;
using System.Text.Json;

namespace Cairn.Errors;

// One rule for every JSON body the API reads: an object that names a property twice is refused, wherever it is nested,
// because which value would "win" differs between readers (the serializer took the last, JsonObject threw) and an
// agent's write must mean one thing. Names compare exactly (ordinal), as the JSON readers match them. By hand, because
// System.Text.Json's AllowDuplicateProperties is a per-reader switch that names no path, and bodies have several readers.
public static class DuplicateKeys
{
    public const string Code = "duplicate_key";
    public const string Rule = "appears more than once in its object; send each field once.";

    // The path of the first repeated property name (e.g. entries[2].content), or null when there is none or the text is
    // not JSON (the reader that binds the body reports that, with its position).
    public static string? Find(ReadOnlySequence<byte> utf8) => HasRepeat(utf8) ? Locate(utf8) : null;

    // The pass every body gets: one name set per depth, reused, and no path; false for text that is not JSON.
    private static bool HasRepeat(ReadOnlySequence<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var sets = new List<HashSet<string>>();
        var found = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var depth = reader.CurrentDepth;
                    while (sets.Count <= depth)
                    {
                        sets.Add(new HashSet<string>(StringComparer.Ordinal));
                    }
                    sets[depth].Clear();
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && !found)
                {
                    found = !sets[reader.CurrentDepth - 1].Add(reader.GetString()!);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
        return found;
    }

    // The second pass, for a body that has a repeat: follows the path to name the first one.
    private static string? Locate(ReadOnlySequence<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var path = new JsonPathTracker();
        var seen = new Stack<HashSet<string>?>();
        string? first = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Enter(reader.TokenType == JsonTokenType.StartArray);
                        seen.Push(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.Leave();
                        seen.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        path.Property(name);
                        if (!seen.Peek()!.Add(name))
                        {
                            // Read on to the end: a body that is not JSON after all is the binding reader's to report.
                            first ??= path.ToString();
                        }
                        continue;
                    default:
                        path.Value();
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a name that is not text (TextRules reports it): not this rule's to judge.
            return null;
        }
        return first;
    }

    public static string? Find(ReadOnlyMemory<byte> utf8) => Find(new ReadOnlySequence<byte>(utf8));

    public static ApiProblem Problem(string field) =>
        new(StatusCodes.Status400BadRequest, Code, $"{field}: {Rule}", new Dictionary<string, string[]> { [field] = [Rule] });
}
