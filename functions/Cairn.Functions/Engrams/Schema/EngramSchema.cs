using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cairn.Errors;

namespace Cairn.Engrams.Schema;

// The PLUR engram schema (shared/reference/plur-engram-schema.md): every field, enum, default and constraint. Cairn
// adds rules of its own: id is at most 128 characters and scope at most 256, without control characters or surrounding
// spaces (they are parts of storage keys), and temporal.valid_until may not precede valid_from.
public static partial class EngramSchema
{
    public const int MaxScopeLength = 256;

    // Cairn's limit: the id is part of storage and search document ids, which backends cap.
    public const int MaxIdLength = 128;

    public const string IdRule = "must match ^(ENG|ABS|META)-[A-Za-z0-9-]+$ (ENG-, ABS- or META- followed by letters, digits and '-').";

    public static readonly string[] Statuses = EngramStatus.All;
    public static readonly string[] Types = ["behavioral", "terminological", "procedural", "architectural"];
    public static readonly string[] Visibilities = ["private", "public", "template"];
    public static readonly string[] Polarities = ["do", "dont"];
    public static readonly string[] Commitments = ["exploring", "leaning", "decided", "locked"];
    public static readonly string[] EntityTypes = ["person", "organization", "technology", "concept", "project", "tool", "place", "event", "standard", "other"];

    private static readonly StringShape Text = new();
    private static readonly StringShape Date = new(format: IsoDates.IsValid, formatRule: IsoDates.Rule);
    private static readonly ArrayShape Strings = new(Text);
    // Names, domains and tags are shown as what an engram is about: one line of visible text (Errors/LabelText).
    private static readonly StringShape Label = new(format: LabelText.IsClean, formatRule: LabelText.Rule);
    private static readonly NumberShape Unit = new(0, 1);
    private static readonly NumberShape Count = new(0, integer: true);

    private static Func<JsonNode?> Value(object? value) => () => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static JsonArray EmptyArray() => [];

    public static readonly ObjectShape Activation = new([
        new("retrieval_strength", Unit, Default: Value(0.7)),
        new("storage_strength", Unit, Default: Value(1.0)),
        new("frequency", Count, Default: Value(0)),
        new("last_accessed", Date),
    ]);

    public static readonly ObjectShape Relations = new([
        new("broader", Strings, Default: EmptyArray),
        new("narrower", Strings, Default: EmptyArray),
        new("related", Strings, Default: EmptyArray),
        new("conflicts", Strings, Default: EmptyArray),
        // Supersession edges, as in PLUR core's schema: written by Cairn when one engram replaces another.
        new("supersedes", Strings),
        new("superseded_by", Strings),
    ]);

    public static readonly ObjectShape FeedbackSignals = new([
        new("positive", Count, Default: Value(0)),
        new("negative", Count, Default: Value(0)),
        new("neutral", Count, Default: Value(0)),
    ]);

    public static readonly ObjectShape Engram = new([
        new("id", new StringShape(max: MaxIdLength, pattern: IdPattern(), patternRule: IdRule), Required: true),
        new("version", new NumberShape(1, integer: true), Default: Value(2)),
        new("status", new EnumShape(Statuses), Required: true),
        new("consolidated", new BoolShape(), Default: Value(false)),
        new("type", new EnumShape(Types), Required: true),
        new("scope", new StringShape(1, MaxScopeLength, format: IsCleanScope,
            formatRule: "must not start or end with whitespace; " + LabelText.Rule), Required: true),
        new("visibility", new EnumShape(Visibilities), Default: Value("private")),

        new("statement", new StringShape(1), Required: true),
        new("rationale", Text),
        new("contraindications", Strings),

        new("source", Text),
        new("source_patterns", Strings),
        new("derivation_count", Count, Default: Value(1)),
        new("pack", Text, Nullable: true, Default: Value(null)),
        new("abstract", Text, Nullable: true, Default: Value(null)),
        new("derived_from", Text, Nullable: true, Default: Value(null)),

        new("knowledge_type", new ObjectShape([
            new("memory_class", new EnumShape("semantic", "episodic", "procedural", "metacognitive"), Required: true),
            new("cognitive_level", new EnumShape("remember", "understand", "apply", "analyze", "evaluate", "create"), Required: true),
        ])),
        new("domain", Label),
        new("tags", new ArrayShape(Label), Default: EmptyArray),

        new("activation", Activation, Default: () => new JsonObject()),

        new("relations", Relations),
        new("associations", new ArrayShape(new ObjectShape([
            new("target_type", new EnumShape("engram", "document"), Required: true),
            new("target", Text, Required: true),
            new("strength", new NumberShape(0, 0.95), Required: true),
            new("type", new EnumShape("semantic", "temporal", "causal", "co_accessed"), Required: true),
            new("updated_at", Date),
        ])), Default: EmptyArray),
        new("knowledge_anchors", new ArrayShape(new ObjectShape([
            new("path", Text, Required: true),
            new("relevance", new EnumShape("primary", "supporting", "example"), Default: Value("supporting")),
            new("snippet", new StringShape(max: 200)),
            new("snippet_extracted_at", Date),
        ])), Default: EmptyArray),
        new("dual_coding", new ObjectShape([new("example", Text), new("analogy", Text)], DualCodingHasContent)),

        new("provenance", new ObjectShape([
            new("origin", Text, Required: true),
            new("chain", Strings, Default: EmptyArray),
            new("signature", Text, Nullable: true, Default: Value(null)),
            new("license", Text, Default: Value("cc-by-sa-4.0")),
        ])),

        new("feedback_signals", FeedbackSignals, Default: () => new JsonObject()),

        new("temporal", new ObjectShape([
            new("learned_at", Date, Required: true),
            new("valid_from", Date),
            new("valid_until", Date),
            new("ingested_at", Date),
        ], ValidityInOrder)),

        new("entities", new ArrayShape(new ObjectShape([
            new("name", Label, Required: true),
            new("type", new EnumShape(EntityTypes), Required: true),
            new("uri", new StringShape(format: IsAbsoluteUrl, formatRule: "must be a valid absolute URL (e.g. https://example.com).")),
        ]))),

        new("usage", new ObjectShape([
            new("injections", Count, Default: Value(0)),
            new("hits", Count, Default: Value(0)),
            new("misses", Count, Default: Value(0)),
            new("last_hit_at", Date),
        ])),

        new("episodic", new ObjectShape([
            new("emotional_weight", new NumberShape(1, 10, integer: true), Default: Value(5)),
            new("confidence", new NumberShape(1, 10, integer: true), Default: Value(5)),
            new("trigger_context", Text),
            new("journal_ref", Text),
        ])),

        new("exchange", new ObjectShape([
            new("fitness_score", Unit),
            new("environmental_diversity", Count, Default: Value(0)),
            new("adoption_count", Count, Default: Value(0)),
            new("contradiction_rate", Unit, Default: Value(0)),
        ])),

        new("structured_data", new AnyObjectShape()),

        new("polarity", new EnumShape(Polarities), Nullable: true),
        new("commitment", new EnumShape(Commitments)),
        new("locked_at", Date),
        new("locked_reason", Text),
        new("content_hash", Text),

        new("engram_version", new NumberShape(1, integer: true), Default: Value(1)),
        new("previous_version_ref", new ObjectShape([
            new("event_id", Text, Required: true),
            new("changed_at", Date, Required: true),
        ])),
        new("episode_ids", Strings, Default: EmptyArray),

        new("summary", new StringShape(max: 80)),
        new("pinned", new BoolShape()),
    ]);

    // Checks a whole engram; errors are keyed by field path under prefix.
    public static void Check(JsonObject engram, SchemaErrors errors, string prefix = "") => Engram.Check(engram, prefix, errors);

    // Fills every default the schema names, as PLUR's parser does, after the fields present. The activation block
    // defaults to last access now; polarity is left to the caller (it is inferred when absent).
    public static void ApplyDefaults(JsonObject engram, DateTimeOffset now)
    {
        Engram.ApplyDefaults(engram);
        if (engram["activation"] is JsonObject activation && !activation.ContainsKey("last_accessed"))
        {
            activation["last_accessed"] = IsoDates.Format(now);
        }
    }

    public static bool IsCleanScope(string scope) =>
        scope.Length > 0 && !char.IsWhiteSpace(scope[0]) && !char.IsWhiteSpace(scope[^1]) && LabelText.IsClean(scope);

    private static bool IsAbsoluteUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0 && !text.Any(char.IsWhiteSpace);

    private static (string, string)? DualCodingHasContent(JsonObject value) =>
        HasText(value, "example") || HasText(value, "analogy") ? null : ("", "needs at least one of example or analogy.");

    // A date-only valid_until covers that whole day.
    private static (string, string)? ValidityInOrder(JsonObject value) =>
        IsoDates.TryParse(Str(value, "valid_from"), out var from, out _)
        && IsoDates.TryParse(Str(value, "valid_until"), out var until, out var untilIsDate)
        && (untilIsDate ? until.AddDays(1) <= from : until < from)
            ? ("valid_until", "must not be before valid_from.")
            : null;

    private static bool HasText(JsonObject value, string name) => Str(value, name) is { Length: > 0 };

    private static string? Str(JsonObject value, string name) =>
        value[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    [GeneratedRegex("^(ENG|ABS|META)-[A-Za-z0-9-]+$", RegexOptions.CultureInvariant)]
    public static partial Regex IdPattern();
}
