using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;

namespace Cairn.Tests.Engrams;

// Every constraint of the engram schema, each with a value it accepts and one it refuses (EngramSchemaCases).
[Trait("Storage", "None")]
public sealed class EngramSchemaTests
{
    [Theory]
    [MemberData(nameof(EngramSchemaCases.Failing), MemberType = typeof(EngramSchemaCases))]
    public void AValueThatBreaksARuleIsNamedWithTheRule(string path, string value, string rule)
    {
        var errors = Check(SampleEngrams.FullObject().With(path, value));

        Assert.True(errors.TryGetValue(path, out var rules), $"Expected an error at '{path}', got: {Describe(errors)}");
        Assert.Contains(rule, rules);
        Assert.Single(errors);
    }

    [Theory]
    [MemberData(nameof(EngramSchemaCases.Passing), MemberType = typeof(EngramSchemaCases))]
    public void AValueWithinTheRulesIsAccepted(string path, string value)
    {
        var errors = Check(SampleEngrams.FullObject().With(path, value));

        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public void TheFullSampleIsValidAndUnknownFieldsAreNotErrors()
    {
        Assert.Empty(Check(SampleEngrams.FullObject()));
    }

    [Fact]
    public void EveryFieldOfTheSchemaHasAFailingCase()
    {
        var covered = EngramSchemaCases.Failing.Select(row => Normalise(row.Data.Item1)).ToHashSet(StringComparer.Ordinal);

        var missing = FieldPaths(EngramSchema.Engram, "").Where(path => !covered.Contains(path)).ToList();

        Assert.True(missing.Count == 0, $"No failing case for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void SeveralErrorsAreReportedTogetherEachUnderItsPath()
    {
        var engram = SampleEngrams.FullObject().With("summary", $"\"{new string('s', 90)}\"").With("associations[0].strength", "1").With("temporal.learned_at", JsonPaths.Remove);

        var errors = Check(engram);

        Assert.Equal(["associations[0].strength", "summary", "temporal.learned_at"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DefaultsAreFilledAfterTheFieldsSentAndNothingSentChanges()
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
    public void DatesAreIso8601(string text, bool valid) => Assert.Equal(valid, IsoDates.IsValid(text));

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
