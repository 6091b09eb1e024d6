using System.Text.Json.Nodes;

namespace Cairn.Engrams;

// JSON Merge Patch (RFC 7396): objects merge key by key, null removes a key, anything else replaces.
public static class MergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject nested && target[key] is JsonObject existing)
            {
                Apply(existing, nested);
            }
            else if (value is JsonObject fresh)
            {
                var created = new JsonObject();
                Apply(created, fresh);
                target[key] = created;
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
