using System.Text.Json.Nodes;

namespace Cairn.Engrams.Packs;

// PLUR's provenance.license: the default cc-by-sa-4.0 lets an engram move between scopes; any other license (e.g.
// proprietary) marks it non-portable, so it stays out of packs meant for others. Open licenses below count as portable
// too (SPDX ids, compared without case).
public static class Licenses
{
    public const string Default = "cc-by-sa-4.0";

    private static readonly HashSet<string> Portable = new(StringComparer.OrdinalIgnoreCase)
    {
        Default, "cc-by-4.0", "cc0-1.0", "mit", "apache-2.0", "bsd-2-clause", "bsd-3-clause", "unlicense",
    };

    public static bool IsPortable(JsonObject engram) =>
        engram["provenance"]?["license"] is not JsonValue value || !value.TryGetValue<string>(out var license) || Portable.Contains(license);
}
