using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Engrams.Schema;

// Reads a JSON number whether it was parsed (element-backed) or set in code (int, long, double).
public static class JsonNumbers
{
    public static bool TryGet(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        if (v.TryGetValue<JsonElement>(out var element))
        {
            return element.TryGetDouble(out value);
        }
        if (v.TryGetValue<int>(out var i))
        {
            value = i;
            return true;
        }
        if (v.TryGetValue<long>(out var l))
        {
            value = l;
            return true;
        }
        if (v.TryGetValue<decimal>(out var m))
        {
            value = (double)m;
            return true;
        }
        return v.TryGetValue(out value);
    }

    public static double? Get(JsonNode? node) => TryGet(node, out var value) ? value : null;
}
