using Cairn.Embeddings.Local;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class WordTokenizerTests
{
    [Theory]
    [InlineData("Set up: postgres-15, fast!", new[] { "Set", "up", "postgres", "15", "fast" })]
    [InlineData("snake_case and kebab-case", new[] { "snake", "case", "and", "kebab", "case" })]
    [InlineData("Café naïve Ελλάδα", new[] { "Café", "naïve", "Ελλάδα" })]
    [InlineData("  ...  ", new string[0])]
    [InlineData("", new string[0])]
    public void SplitsOnAnythingButLettersAndDigits(string text, string[] expected) =>
        Assert.Equal(expected, Tokens(text));

    [Theory]
    [InlineData("Cairn's agents they'll retry", new[] { "Cairn", "agents", "they", "retry" })]
    [InlineData("don't, can't, won't, isn't", new[] { "do", "ca", "wo", "is" })]
    [InlineData("It’s what we’ve seen, I'm sure", new[] { "It", "what", "we", "seen", "I", "sure" })]
    [InlineData("the students' notes", new[] { "the", "students", "notes" })]
    public void DropsTheCliticsGloVeSplitOff(string text, string[] expected) =>
        Assert.Equal(expected, Tokens(text));

    [Fact]
    public void KeepsWordsJoinedByOtherApostrophes() =>
        Assert.Equal(["O", "Neill", "rock", "n", "roll"], Tokens("O'Neill rock'n'roll"));

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        foreach (var token in new WordTokenizer(text))
        {
            tokens.Add(token.ToString());
        }

        return tokens;
    }
}
