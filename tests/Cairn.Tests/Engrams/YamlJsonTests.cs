using System.Text.Json.Nodes;
using Cairn.Engrams.Packs;

namespace Cairn.Tests.Engrams;

[Trait("Storage", "None")]
public sealed class YamlJsonTests
{
    [Fact]
    public void JsonSurvivesATripThroughYamlExactly()
    {
        const string json = """
            {"strings":["123","true","null","2026-05-25","","  padded  ","multi\nline","quote \" and 'single'","é 🚀 ü","yes","~","- dash","# hash","a: b"],
             "numbers":[1.50,1e2,-0,12345678901234567890123,0.1,-7],"flags":[true,false],"nothing":null,
             "empty":{"list":[],"map":{}},"a: key":1,"123":2,"":3,"nested":{"deeper":[{"x":[[]]}]}}
            """;
        var node = JsonNode.Parse(json)!.AsObject();

        var yaml = YamlJson.Write(node);
        var back = YamlJson.Read(yaml)!.AsObject();

        Assert.Equal(node.ToJsonString(), back.ToJsonString());
        Assert.Equal(yaml, YamlJson.Write(back));
    }

    [Fact]
    public void WritesBlockYamlWithQuotedStrings()
    {
        var yaml = YamlJson.Write(JsonNode.Parse("""{"engrams":[{"id":"ENG-1","tags":[],"activation":{"frequency":0},"polarity":null}]}""")!.AsObject());

        Assert.Equal("engrams:\n- id: \"ENG-1\"\n  tags: []\n  activation:\n    frequency: 0\n  polarity: null\n", yaml);
    }

    [Theory]
    [InlineData("v: 2026-05-25", "\"2026-05-25\"")]
    [InlineData("v: yes", "\"yes\"")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 0o17", "15")]
    [InlineData("v: +1", "1")]
    [InlineData("v: .5", "0.5")]
    [InlineData("v: 1.0e+3", "1.0e+3")]
    [InlineData("v: 1.e3", "1000")]
    [InlineData("v: ~", "null")]
    [InlineData("v:", "null")]
    [InlineData("v: True", "true")]
    [InlineData("v: '123'", "\"123\"")]
    [InlineData("v: !!str 123", "\"123\"")]
    [InlineData("v: |\n  two\n  lines\n", "\"two\\nlines\\n\"")]
    [InlineData("v: plain words here", "\"plain words here\"")]
    public void ReadsYamlScalarsByTheCoreSchema(string yaml, string json)
    {
        Assert.Equal(json, YamlJson.Read(yaml)!["v"]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void AliasesExpand()
    {
        Assert.Equal("""{"a":[1,2],"b":[1,2]}""", YamlJson.Read("a: &x [1, 2]\nb: *x\n")!.ToJsonString());
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", "Duplicate key a")]
    [InlineData("v: .inf", "no JSON equivalent")]
    [InlineData("a: [1, 2\nb: 3", "not valid YAML")]
    [InlineData("? [1, 2]\n: x\n", "keys must be plain strings")]
    [InlineData("", "empty")]
    [InlineData("v: 0x1FFFFFFFFFFFFFFFF", "too large")]
    [InlineData("v: 0o7777777777777777777777", "too large")]
    [InlineData("a: 1\n---\nb: 2\n", "several documents")]
    public void YamlThatCannotBecomeJsonSaysWhy(string yaml, string reason)
    {
        var exception = Assert.Throws<YamlJsonException>(() => YamlJson.Read(yaml));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsRefusedBeforeTheLoaderRecursesIntoIt()
    {
        var flow = "a: " + new string('[', 200_000) + new string(']', 200_000);
        var block = "a:\n" + string.Concat(Enumerable.Repeat("- ", 200_000)) + "x\n";

        Assert.Contains("deeper than 64", Assert.Throws<YamlJsonException>(() => YamlJson.Read(flow)).Message, StringComparison.Ordinal);
        Assert.Contains("deeper than 64", Assert.Throws<YamlJsonException>(() => YamlJson.Read(block)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABillionLaughsIsRefused()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var level = 'b'; level <= 'h'; level++)
        {
            var previous = (char)(level - 1);
            yaml += $"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n";
        }

        var exception = Assert.Throws<YamlJsonException>(() => YamlJson.Read(yaml));

        Assert.Contains("more than", exception.Message, StringComparison.Ordinal);
    }
}
