using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;

namespace Cairn.Engrams.Associations;

/// <summary>An association recall can follow: another engram of the same owner, and how strongly the two go together.</summary>
public sealed record RecallAssociation(string Target, double Strength);

/// <summary>
/// Associations Cairn observes (PLUR: "what the system has observed", unlike relations): engrams of one owner returned
/// by the same recall are <c>co_accessed</c>. Each observation moves the strength a fifth of the way to PLUR's cap of
/// 0.95 (0.19, 0.342, 0.4636, …), so it never reaches 1. An engram keeps its <see cref="Kept"/> strongest associations.
/// </summary>
public static class ObservedAssociations
{
    public const string CoAccessed = "co_accessed";
    public const double Cap = 0.95;
    public const double Rate = 0.2;
    public const int Kept = 20;

    /// <summary>How many of the other engrams a recall returned (in rank order) one engram is associated with.</summary>
    public const int PerRecall = 5;

    public static double Next(double strength) => Math.Round(strength + (Cap - strength) * Rate, 4);

    /// <summary>Strengthens (or adds) the <c>co_accessed</c> association to each target, then keeps the strongest.</summary>
    public static void Observe(Engram engram, IEnumerable<string> targets, DateTimeOffset at)
    {
        var list = engram.Json["associations"] as JsonArray ?? (JsonArray)(engram.Json["associations"] = new JsonArray());
        foreach (var target in targets.Where(t => t != engram.Id).Distinct(StringComparer.Ordinal))
        {
            var existing = list.OfType<JsonObject>().FirstOrDefault(a => Text(a["target"]) == target && Text(a["type"]) == CoAccessed && Text(a["target_type"]) == "engram");
            if (existing is null)
            {
                list.Add(new JsonObject { ["target_type"] = "engram", ["target"] = target, ["strength"] = Next(0), ["type"] = CoAccessed, ["updated_at"] = IsoDates.Format(at) });
                continue;
            }
            existing["strength"] = Next(JsonNumbers.Get(existing["strength"]) ?? 0);
            existing["updated_at"] = IsoDates.Format(at);
        }
        // Only observed ones are dropped to keep the list short; what an agent wrote itself stays.
        var observed = list.OfType<JsonObject>().Where(a => Text(a["type"]) == CoAccessed).OrderByDescending(a => JsonNumbers.Get(a["strength"]) ?? 0).ToList();
        foreach (var weakest in observed.Skip(Kept))
        {
            list.Remove(weakest);
        }
    }

    /// <summary>The engram-to-engram associations recall spreads along, whatever their type (an agent's own included).</summary>
    public static IReadOnlyList<RecallAssociation> Of(Engram engram) =>
        engram.Json["associations"] is JsonArray list
            ? list.OfType<JsonObject>()
                .Where(a => Text(a["target_type"]) == "engram" && Text(a["target"]) is { Length: > 0 })
                .Select(a => new RecallAssociation(Text(a["target"])!, Math.Clamp(JsonNumbers.Get(a["strength"]) ?? 0, 0, Cap)))
                .Where(a => a.Strength > 0)
                .ToList()
            : [];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
