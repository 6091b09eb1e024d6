using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;

namespace Cairn.Tests.Engrams;

/// <summary>Every constraint of the engram schema, each with a value it accepts and one it refuses.</summary>
public sealed class EngramSchemaTests
{
    private const string Id = "must match ^(ENG|ABS|META)-[A-Za-z0-9-]+$ (ENG-, ABS- or META- followed by letters, digits and '-').";
    private const string Date = IsoDates.Rule;
    private const string Required = "is required.";
    private const string Str = "must be a string.";
    private const string Arr = "must be an array.";
    private const string Int = "must be an integer.";
    private const string Bool = "must be true or false.";
    private const string Obj = "must be an object.";
    private const string Unit = "must be between 0 and 1.";
    private const string NonNegative = "must be at least 0.";

    /// <summary>(path, value that breaks a rule, the rule the error names). The error is reported under the path.</summary>
    public static readonly TheoryData<string, string, string> Failing = new()
    {
        { "id", JsonPaths.Remove, Required },
        { "id", "\"eng-2026-001\"", Id },
        { "id", "\"ENG_2026\"", Id },
        { "id", "\"ENG-\"", Id },
        { "id", "\"XYZ-1\"", Id },
        { "id", "\"ENG-a b\"", Id },
        { "id", "42", Str },
        { "version", "0", "must be at least 1." },
        { "version", "1.5", Int },
        { "version", "\"2\"", Int },
        { "status", JsonPaths.Remove, Required },
        { "status", "\"archived\"", "must be one of: active, dormant, retired, candidate." },
        { "consolidated", "\"yes\"", Bool },
        { "type", JsonPaths.Remove, Required },
        { "type", "\"opinion\"", "must be one of: behavioral, terminological, procedural, architectural." },
        { "scope", JsonPaths.Remove, Required },
        { "scope", "\"\"", "must not be empty." },
        { "scope", $"\"{new string('s', 257)}\"", "must be at most 256 characters." },
        { "scope", "\" global\"", "must not start or end with whitespace or contain control characters." },
        { "visibility", "\"secret\"", "must be one of: private, public, template." },
        { "statement", JsonPaths.Remove, Required },
        { "statement", "\"\"", "must not be empty." },
        { "statement", "null", Required },
        { "rationale", "7", Str },
        { "rationale", "null", "must be a string, not null." },
        { "contraindications", "\"not a list\"", Arr },
        { "contraindications[0]", "1", Str },
        { "source", "[]", Str },
        { "source_patterns", "{}", Arr },
        { "derivation_count", "-1", NonNegative },
        { "derivation_count", "0.5", Int },
        { "pack", "5", Str },
        { "abstract", "true", Str },
        { "derived_from", "[]", Str },
        { "knowledge_type", "\"procedural\"", Obj },
        { "knowledge_type.memory_class", JsonPaths.Remove, Required },
        { "knowledge_type.memory_class", "\"muscle\"", "must be one of: semantic, episodic, procedural, metacognitive." },
        { "knowledge_type.cognitive_level", JsonPaths.Remove, Required },
        { "knowledge_type.cognitive_level", "\"memorise\"", "must be one of: remember, understand, apply, analyze, evaluate, create." },
        { "domain", "1", Str },
        { "tags", "\"api\"", Arr },
        { "tags[1]", "null", "must be a string, not null." },
        { "activation", "[]", Obj },
        { "activation.retrieval_strength", "1.01", Unit },
        { "activation.retrieval_strength", "-0.1", Unit },
        { "activation.storage_strength", "2", Unit },
        { "activation.frequency", "-1", NonNegative },
        { "activation.frequency", "1.5", Int },
        { "activation.last_accessed", "\"yesterday\"", Date },
        { "activation.last_accessed", "\"2026-13-01\"", Date },
        { "relations", "[]", Obj },
        { "relations.broader", "\"ENG-1\"", Arr },
        { "relations.narrower[0]", "1", Str },
        { "relations.related", "{}", Arr },
        { "relations.conflicts[0]", "true", Str },
        { "relations.supersedes", "\"ENG-1\"", Arr },
        { "relations.superseded_by", "\"ENG-2\"", Arr },
        { "associations", "{}", Arr },
        { "associations[0].target_type", "\"person\"", "must be one of: engram, document." },
        { "associations[0].target", JsonPaths.Remove, Required },
        { "associations[0].strength", "0.96", "must be between 0 and 0.95." },
        { "associations[0].strength", "1.0", "must be between 0 and 0.95." },
        { "associations[0].strength", "-0.01", "must be between 0 and 0.95." },
        { "associations[0].strength", JsonPaths.Remove, Required },
        { "associations[0].type", "\"spatial\"", "must be one of: semantic, temporal, causal, co_accessed." },
        { "associations[0].updated_at", "\"16/05/2026\"", Date },
        { "knowledge_anchors", "\"src\"", Arr },
        { "knowledge_anchors[0].path", JsonPaths.Remove, Required },
        { "knowledge_anchors[0].relevance", "\"central\"", "must be one of: primary, supporting, example." },
        { "knowledge_anchors[0].snippet", $"\"{new string('x', 201)}\"", "must be at most 200 characters." },
        { "knowledge_anchors[0].snippet_extracted_at", "\"soon\"", Date },
        { "dual_coding", "[]", Obj },
        { "dual_coding", "{}", "needs at least one of example or analogy." },
        { "dual_coding", "{\"example\": \"\"}", "needs at least one of example or analogy." },
        { "dual_coding.example", "3", Str },
        { "dual_coding.analogy", "[]", Str },
        { "provenance", "[]", Obj },
        { "provenance.origin", JsonPaths.Remove, Required },
        { "provenance.chain", "\"ENG-1\"", Arr },
        { "provenance.signature", "1", Str },
        { "provenance.license", "false", Str },
        { "feedback_signals", "3", Obj },
        { "feedback_signals.positive", "-1", NonNegative },
        { "feedback_signals.negative", "1.5", Int },
        { "feedback_signals.neutral", "\"0\"", Int },
        { "temporal", "\"2026\"", Obj },
        { "temporal.learned_at", JsonPaths.Remove, Required },
        { "temporal.learned_at", "\"last May\"", Date },
        { "temporal.valid_from", "\"2026-02-30\"", Date },
        { "temporal.valid_until", "\"2026-12-31T25:00Z\"", Date },
        { "temporal.valid_until", "\"2025-12-31\"", "must not be before valid_from." },
        { "temporal.ingested_at", "20260516", Str },
        { "entities", "{}", Arr },
        { "entities[0].name", JsonPaths.Remove, Required },
        { "entities[0].type", "\"animal\"", "must be one of: person, organization, technology, concept, project, tool, place, event, standard, other." },
        { "entities[0].uri", "\"not a url\"", "must be a valid absolute URL (e.g. https://example.com)." },
        { "usage", "[]", Obj },
        { "usage.injections", "-3", NonNegative },
        { "usage.hits", "2.5", Int },
        { "usage.misses", "null", "must be an integer, not null." },
        { "usage.last_hit_at", "\"2026-05-15 18:22\"", Date },
        { "episodic", "true", Obj },
        { "episodic.emotional_weight", "0", "must be between 1 and 10." },
        { "episodic.emotional_weight", "11", "must be between 1 and 10." },
        { "episodic.confidence", "5.5", Int },
        { "episodic.trigger_context", "1", Str },
        { "episodic.journal_ref", "{}", Str },
        { "exchange", "1", Obj },
        { "exchange.fitness_score", "1.2", Unit },
        { "exchange.environmental_diversity", "-1", NonNegative },
        { "exchange.adoption_count", "0.5", Int },
        { "exchange.contradiction_rate", "-0.5", Unit },
        { "structured_data", "\"anything\"", Obj },
        { "structured_data", "[1, 2]", Obj },
        { "polarity", "\"maybe\"", "must be one of: do, dont." },
        { "commitment", "\"certain\"", "must be one of: exploring, leaning, decided, locked." },
        { "locked_at", "\"whenever\"", Date },
        { "locked_reason", "false", Str },
        { "content_hash", "123", Str },
        { "engram_version", "0", "must be at least 1." },
        { "engram_version", "2.5", Int },
        { "previous_version_ref", "\"evt-1\"", Obj },
        { "previous_version_ref.event_id", JsonPaths.Remove, Required },
        { "previous_version_ref.changed_at", JsonPaths.Remove, Required },
        { "previous_version_ref.changed_at", "\"then\"", Date },
        { "episode_ids", "\"EPS-1\"", Arr },
        { "summary", $"\"{new string('s', 81)}\"", "must be at most 80 characters." },
        { "pinned", "\"true\"", Bool },
    };

    /// <summary>(path, value the schema accepts): boundaries and the alternative forms of each constraint.</summary>
    public static readonly TheoryData<string, string> Passing = new()
    {
        { "id", "\"ENG-2026-0518-001\"" },
        { "id", "\"ABS-naming\"" },
        { "id", "\"META-a-B-9\"" },
        { "version", "1" },
        { "version", JsonPaths.Remove },
        { "status", "\"candidate\"" },
        { "status", "\"dormant\"" },
        { "status", "\"retired\"" },
        { "consolidated", "true" },
        { "type", "\"behavioral\"" },
        { "type", "\"terminological\"" },
        { "type", "\"architectural\"" },
        { "scope", "\"g\"" },
        { "scope", $"\"{new string('s', 256)}\"" },
        { "scope", "\"group:acme/platform\"" },
        { "visibility", "\"private\"" },
        { "visibility", "\"template\"" },
        { "statement", "\"x\"" },
        { "rationale", JsonPaths.Remove },
        { "contraindications", "[]" },
        { "derivation_count", "0" },
        { "pack", "\"starter\"" },
        { "abstract", "\"ABS-1\"" },
        { "derived_from", "\"ENG-1\"" },
        { "knowledge_type", "{\"memory_class\": \"metacognitive\", \"cognitive_level\": \"create\"}" },
        { "tags", "[]" },
        { "activation", JsonPaths.Remove },
        { "activation.retrieval_strength", "0" },
        { "activation.retrieval_strength", "1" },
        { "activation.storage_strength", "0.0" },
        { "activation.frequency", "0" },
        { "activation.frequency", "3.0" },
        { "activation.last_accessed", "\"2026-05-25T10:00:00.123+02:00\"" },
        { "relations", "{}" },
        { "relations.supersedes", "[\"ENG-OLD\"]" },
        { "associations", "[]" },
        { "associations[0].target_type", "\"document\"" },
        { "associations[0].strength", "0.95" },
        { "associations[0].strength", "0" },
        { "associations[0].type", "\"co_accessed\"" },
        { "associations[0].updated_at", JsonPaths.Remove },
        { "knowledge_anchors[0].relevance", JsonPaths.Remove },
        { "knowledge_anchors[0].snippet", $"\"{new string('x', 200)}\"" },
        { "dual_coding", "{\"example\": \"e\"}" },
        { "dual_coding", "{\"analogy\": \"a\"}" },
        { "provenance", "{\"origin\": \"import\"}" },
        { "provenance.signature", "\"sha256:abc\"" },
        { "feedback_signals", "{}" },
        { "temporal", "{\"learned_at\": \"2026-05-16\"}" },
        { "temporal.valid_until", "\"2026-01-01\"" },
        { "temporal.valid_until", "\"2026-01-01T00:00Z\"" },
        { "entities[0].uri", JsonPaths.Remove },
        { "entities[0].uri", "\"urn:isbn:0451450523\"" },
        { "usage", "{}" },
        { "usage.last_hit_at", "\"2026-05-15T18:22:07Z\"" },
        { "episodic.emotional_weight", "1" },
        { "episodic.confidence", "10" },
        { "exchange.fitness_score", "0" },
        { "exchange.contradiction_rate", "1" },
        { "structured_data", "{}" },
        { "polarity", "\"dont\"" },
        { "polarity", "null" },
        { "commitment", "\"exploring\"" },
        { "commitment", "\"leaning\"" },
        { "commitment", "\"decided\"" },
        { "engram_version", "1" },
        { "summary", $"\"{new string('s', 80)}\"" },
        { "pinned", "false" },
    };

    [Theory]
    [MemberData(nameof(Failing))]
    public void A_value_that_breaks_a_rule_is_named_with_the_rule(string path, string value, string rule)
    {
        var errors = Check(SampleEngrams.FullObject().With(path, value));

        Assert.True(errors.TryGetValue(path, out var rules), $"Expected an error at '{path}', got: {Describe(errors)}");
        Assert.Contains(rule, rules);
        Assert.Single(errors);
    }

    [Theory]
    [MemberData(nameof(Passing))]
    public void A_value_within_the_rules_is_accepted(string path, string value)
    {
        var errors = Check(SampleEngrams.FullObject().With(path, value));

        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public void The_full_sample_is_valid_and_unknown_fields_are_not_errors()
    {
        Assert.Empty(Check(SampleEngrams.FullObject()));
    }

    [Fact]
    public void Every_field_of_the_schema_has_a_failing_case()
    {
        var covered = Failing.Select(row => Normalise(row.Data.Item1)).ToHashSet(StringComparer.Ordinal);

        var missing = FieldPaths(EngramSchema.Engram, "").Where(path => !covered.Contains(path)).ToList();

        Assert.True(missing.Count == 0, $"No failing case for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Several_errors_are_reported_together_each_under_its_path()
    {
        var engram = SampleEngrams.FullObject().With("summary", $"\"{new string('s', 90)}\"").With("associations[0].strength", "1").With("temporal.learned_at", JsonPaths.Remove);

        var errors = Check(engram);

        Assert.Equal(["associations[0].strength", "summary", "temporal.learned_at"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Defaults_are_filled_after_the_fields_sent_and_nothing_sent_changes()
    {
        var engram = JsonNode.Parse("""{"x": [1.50], "statement": "s", "relations": {"related": ["ENG-1"]}, "usage": {"hits": 2}}""")!.AsObject();

        EngramSchema.ApplyDefaults(engram, new DateTimeOffset(2026, 5, 25, 8, 0, 0, TimeSpan.Zero));

        Assert.Equal(["x", "statement", "relations", "usage"], engram.Select(p => p.Key).Take(4));
        Assert.Equal("[1.50]", engram["x"]!.ToJsonString());
        Assert.Equal(2, (int)engram["version"]!);
        Assert.False((bool)engram["consolidated"]!);
        Assert.Equal("private", (string?)engram["visibility"]);
        Assert.Equal(1, (int)engram["derivation_count"]!);
        Assert.Null(engram["pack"]);
        Assert.True(engram.ContainsKey("pack"));
        Assert.Equal("""{"retrieval_strength":0.7,"storage_strength":1,"frequency":0,"last_accessed":"2026-05-25T08:00:00Z"}""", engram["activation"]!.ToJsonString());
        Assert.Equal("""{"positive":0,"negative":0,"neutral":0}""", engram["feedback_signals"]!.ToJsonString());
        Assert.Equal("""{"related":["ENG-1"],"broader":[],"narrower":[],"conflicts":[]}""", engram["relations"]!.ToJsonString());
        Assert.Equal("""{"hits":2,"injections":0,"misses":0}""", engram["usage"]!.ToJsonString());
        Assert.Equal(1, (int)engram["engram_version"]!);
        Assert.Equal("[]", engram["tags"]!.ToJsonString());
        Assert.Equal("[]", engram["episode_ids"]!.ToJsonString());
        Assert.False(engram.ContainsKey("polarity"));
    }

    [Theory]
    [InlineData("2026-05-16", true)]
    [InlineData("2026-05-16T12:34Z", true)]
    [InlineData("2026-05-16T12:34:56.1234567+05:30", true)]
    [InlineData("2026-05-16T12:34:56", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("2026-05-16T24:00Z", false)]
    [InlineData("2026-5-16", false)]
    [InlineData("May 16, 2026", false)]
    public void Dates_are_iso_8601(string text, bool valid) => Assert.Equal(valid, IsoDates.IsValid(text));

    private static Dictionary<string, string[]> Check(JsonObject engram)
    {
        var errors = new SchemaErrors();
        EngramSchema.Check(engram, errors);
        return errors.ToDictionary().ToDictionary();
    }

    private static string Describe(Dictionary<string, string[]> errors) => string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    // "tags[1]" covers the field "tags"; "associations[0].strength" covers "associations[].strength".
    private static string Normalise(string path) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]$", ""), @"\[\d+\]", "[]");

    private static IEnumerable<string> FieldPaths(Shape shape, string path)
    {
        switch (shape)
        {
            case ObjectShape obj:
                foreach (var field in obj.Fields)
                {
                    var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
                    yield return fieldPath;
                    foreach (var nested in FieldPaths(field.Shape, fieldPath))
                    {
                        yield return nested;
                    }
                }
                break;
            case ArrayShape array:
                foreach (var nested in FieldPaths(array.Item, $"{path}[]"))
                {
                    yield return nested;
                }
                break;
        }
    }

}
