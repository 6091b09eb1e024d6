using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;

namespace Cairn.Engrams;

// An engram as the JSON object it is, with typed accessors for the fields Cairn reads and writes. Everything else,
// unknown fields included, stays in Json exactly as it came: a record type would drop what it does not name.
public sealed class Engram(JsonObject json)
{
    // Compact JSON that keeps non-ASCII text as is, so stored text reads like what was sent.
    public static readonly JsonSerializerOptions TextOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public JsonObject Json { get; } = json;

    public static Engram Parse(string text) => new(JsonNode.Parse(text, documentOptions: ParseOptions)!.AsObject());

    public string ToText() => Json.ToJsonString(TextOptions);

    public Engram Clone() => new(Json.DeepClone().AsObject());

    public string Id => Str("id") ?? "";
    public string Scope => Str("scope") ?? "";
    public string Statement => Str("statement") ?? "";
    public string Type => Str("type") ?? "";
    public string? Summary => Str("summary");
    public string? Rationale => Str("rationale");
    public string? Domain => Str("domain");
    public string? Polarity => Str("polarity");
    public string? Commitment => Str("commitment");
    public string Visibility => Str("visibility") ?? "private";
    public bool Pinned => Json["pinned"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
    public bool Locked => Commitment == "locked";
    public IReadOnlyList<string> Tags => Strings(Json["tags"]);
    public IReadOnlyList<string> Contraindications => Strings(Json["contraindications"]);
    public long EngramVersion => Int(Json["engram_version"]) ?? 1;

    public string Status
    {
        get => Str("status") ?? "";
        set => Json["status"] = value;
    }

    public JsonObject Activation => Child(Json, "activation");
    public JsonObject FeedbackSignals => Child(Json, "feedback_signals");
    public long Positive => Int(Json["feedback_signals"]?["positive"]) ?? 0;
    public long Negative => Int(Json["feedback_signals"]?["negative"]) ?? 0;

    public IReadOnlyList<string> Related(string name) => Strings(Json["relations"]?[name]);

    // Adds an id to relations.{name} (creating the relations block with its defaults); false if already there.
    public bool AddRelation(string name, string id)
    {
        var relations = Child(Json, "relations");
        EngramSchema.Relations.ApplyDefaults(relations);
        var list = relations[name] as JsonArray ?? (JsonArray)(relations[name] = new JsonArray());
        if (list.Any(n => n?.GetValueKind() == JsonValueKind.String && n.GetValue<string>() == id))
        {
            return false;
        }
        list.Add(id);
        return true;
    }

    public bool RemoveRelation(string name, string id)
    {
        if (Json["relations"]?[name] is not JsonArray list)
        {
            return false;
        }
        var removed = false;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i]?.GetValueKind() == JsonValueKind.String && list[i]!.GetValue<string>() == id)
            {
                list.RemoveAt(i);
                removed = true;
            }
        }
        return removed;
    }

    // Valid time from temporal; a date-only valid_until lasts to the end of that day.
    public (DateTimeOffset? From, DateTimeOffset? Until) ValidTime()
    {
        DateTimeOffset? from = IsoDates.TryParse(Json["temporal"]?["valid_from"] is JsonValue f && f.TryGetValue<string>(out var fs) ? fs : null, out var fv, out _) ? fv : null;
        DateTimeOffset? until = IsoDates.TryParse(Json["temporal"]?["valid_until"] is JsonValue u && u.TryGetValue<string>(out var us) ? us : null, out var uv, out var dateOnly)
            ? dateOnly ? uv.AddDays(1).AddTicks(-1) : uv
            : null;
        return (from, until);
    }

    // Adds by to a counter inside a child object, creating both as needed.
    public static void Increment(JsonObject parent, string name, long by = 1) => parent[name] = (Int(parent[name]) ?? 0) + by;

    public static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }
        child = new JsonObject();
        parent[name] = child;
        return child;
    }

    private string? Str(string name) => Json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Int(JsonNode? node) => JsonNumbers.Get(node) is { } d ? (long)d : null;

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.Where(n => n?.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>()).ToList()
            : [];
}
