using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cairn.Engrams.Schema;

namespace Cairn.Engrams.Recall;

/// <summary>A knowledge anchor whose snippet recall may inline: where the ground truth is, and the part that matters.</summary>
public sealed record RecallAnchor(string Path, string Relevance, string Snippet);

/// <summary>PLUR's episodic fields as recall ranks by them: both 1–10, 5 when not given.</summary>
public sealed record EpisodicWeight(int EmotionalWeight, int Confidence)
{
    public static readonly EpisodicWeight Default = new(5, 5);

    /// <summary>0 for weight and confidence 1, 1 for both 10; PLUR's defaults (5, 5) give 0.444.</summary>
    public double Factor => (EmotionalWeight + Confidence - 2) / 18.0;

    public static EpisodicWeight Of(Engram engram) =>
        new(Scale(engram.Json["episodic"]?["emotional_weight"]), Scale(engram.Json["episodic"]?["confidence"]));

    private static int Scale(JsonNode? node) => JsonNumbers.Get(node) is { } d ? (int)Math.Clamp(d, 1, 10) : 5;
}

/// <summary>Reads the anchors recall inlines: those with a snippet, primary first, then supporting, then example.</summary>
public static partial class RecallAnchors
{
    public static IReadOnlyList<RecallAnchor> Of(Engram engram)
    {
        if (engram.Json["knowledge_anchors"] is not JsonArray anchors)
        {
            return [];
        }
        return anchors.OfType<JsonObject>()
            .Select(a => (Path: Text(a["path"]), Relevance: Text(a["relevance"]) ?? "supporting", Snippet: Text(a["snippet"])))
            .Where(a => a.Path is { Length: > 0 } && a.Snippet is { Length: > 0 } && !string.IsNullOrWhiteSpace(a.Snippet))
            .Select(a => new RecallAnchor(a.Path!, a.Relevance, Whitespace().Replace(a.Snippet!.Trim(), " ")))
            .OrderBy(a => Order(a.Relevance))
            .ToList();
    }

    private static int Order(string relevance) => relevance switch { "primary" => 0, "supporting" => 1, _ => 2 };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // One line per anchor keeps the block's layout; a snippet's own line breaks become spaces.
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
