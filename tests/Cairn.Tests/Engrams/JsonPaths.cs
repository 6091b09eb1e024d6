using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cairn.Tests.Engrams;

// Sets or removes a value at a path such as associations[0].strength.
public static partial class JsonPaths
{
    public const string Remove = "<remove>";

    public static JsonObject With(this JsonObject root, string path, string json)
    {
        var segments = Segment().Matches(path).Select(m => m.Groups["name"].Success ? (object)m.Groups["name"].Value : int.Parse(m.Groups["index"].Value)).ToList();
        JsonNode parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = segment is string name ? parent[name]! : parent[(int)segment]!;
        }
        var last = segments[^1];
        if (json == Remove)
        {
            if (last is string name)
            {
                parent.AsObject().Remove(name);
            }
            else
            {
                parent.AsArray().RemoveAt((int)last);
            }
            return root;
        }
        var value = JsonNode.Parse(json);
        if (last is string key)
        {
            parent[key] = value;
        }
        else if ((int)last == parent.AsArray().Count)
        {
            parent.AsArray().Add(value);
        }
        else
        {
            parent[(int)last] = value;
        }
        return root;
    }

    [GeneratedRegex(@"(?<name>[a-z_0-9]+)|\[(?<index>\d+)\]")]
    private static partial Regex Segment();
}
