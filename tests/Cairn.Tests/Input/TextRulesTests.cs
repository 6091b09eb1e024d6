using System.Text;
using Cairn.Errors;

namespace Cairn.Tests.Input;

// The character rules as pure functions: which strings break them, and how a JSON document's offending field is named.
[Trait("Storage", "None")]
public sealed class TextRulesTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("tab\t, newline\n, return\r")]
    [InlineData("astral 😀 pair and accents é")]
    [InlineData("DEL \u007f and C1 \u0085 are not C0")]
    public void TextWithoutC0ControlsOrLoneSurrogatesIsFine(string text) => Assert.Null(TextRules.Check(text));

    // Code units, not strings: theory data is serialized, and a lone surrogate in a string would not survive it.
    [Theory]
    [InlineData(new[] { 'n', 0x0000 }, TextRules.ControlRule)]
    [InlineData(new[] { 0x001b, 'x' }, TextRules.ControlRule)]
    [InlineData(new[] { 'x', 0xD83D }, TextRules.SurrogateRule)]
    [InlineData(new[] { 0xDE00, 0xD83D }, TextRules.SurrogateRule)]
    [InlineData(new[] { 0xDC00, 'x' }, TextRules.SurrogateRule)]
    public void C0ControlsAndLoneSurrogatesBreakARule(int[] units, string rule) =>
        Assert.Equal(rule, TextRules.Check(new string([.. units.Select(u => (char)u)])));

    [Theory]
    [InlineData("""{"a": "ok", "b": ["x", {"c": "\u0000"}]}""", "b[1].c", TextRules.ControlRule)]
    [InlineData("""[{"a": 1}, {"a": "\ud800"}]""", "[1].a", TextRules.SurrogateRule)]
    [InlineData("""{"outer": {"\u0001": true}}""", "outer.\u0001", TextRules.ControlRule)]
    [InlineData("\"\\u0007\"", "body", TextRules.ControlRule)]
    public void TheFirstOffendingStringOfAJsonDocumentIsNamedByItsPath(string json, string field, string rule)
    {
        var found = TextRules.FindInJson(Encoding.UTF8.GetBytes(json));

        Assert.Equal((field, rule), found);
    }

    [Fact]
    public void BytesThatAreNotUtf8InsideAStringAreNamed()
    {
        byte[] json = [.. "{\"a\": \""u8, 0xFF, 0xFE, .. "\"}"u8];

        Assert.Equal(("a", "must be valid UTF-8 text."), TextRules.FindInJson(json));
    }

    [Theory]
    [InlineData("""{"a": "fine", "b": [1, 2.5, true, null, "😀"]}""")]
    [InlineData("""{"a": """)]
    public void CleanOrMalformedJsonReportsNothing(string json) => Assert.Null(TextRules.FindInJson(Encoding.UTF8.GetBytes(json)));
}
