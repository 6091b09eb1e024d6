using Cairn.Embeddings.Local;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class WordResolverTests : IDisposable
{
    private static readonly string[] Vocabulary =
        ["the", "replica", "query", "box", "movie", "class", "created", "at", "http", "server", "utf", "postgresql", "sql"];

    private readonly WordVectorFixture _fixture = new(1000, [.. Vocabulary.Select((word, i) => (word, i + 1, new[] { 1f, (float)i }))]);
    private readonly WordVectors _words;

    public WordResolverTests() => _words = WordVectorFile.Read(_fixture.Path);

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("replica", "replica")]
    [InlineData("Replica", "replica")]
    [InlineData("SQL", "sql")]
    public void FindsTheWordWhateverItsCase(string token, string expected) =>
        Assert.Equal([expected], Resolve(token));

    [Theory]
    [InlineData("replicas", "replica")]
    [InlineData("queries", "query")]
    [InlineData("boxes", "box")]
    [InlineData("movies", "movie")]
    [InlineData("classes", "class")]
    public void FallsBackToTheSingularOfAnUnknownWord(string token, string expected) =>
        Assert.Equal([expected], Resolve(token));

    [Fact]
    public void DoesNotTakeADoubleSForAPlural() => Assert.Empty(Resolve("classs"));

    [Theory]
    [InlineData("createdAt", new[] { "created", "at" })]
    [InlineData("HTTPServer", new[] { "http", "server" })]
    [InlineData("utf8", new[] { "utf" })]
    [InlineData("httpServers", new[] { "http", "server" })]
    public void SplitsUnknownIdentifiersIntoKnownParts(string token, string[] expected) =>
        Assert.Equal(expected, Resolve(token));

    [Fact]
    public void PrefersTheWholeWordToItsParts() => Assert.Equal(["postgresql"], Resolve("PostgreSQL"));

    [Fact]
    public void IgnoresUnknownAndOverlongTokens()
    {
        Assert.Empty(Resolve("pgvector"));
        Assert.Empty(Resolve(string.Concat(Enumerable.Repeat("the", 30))));
    }

    [Fact]
    public void WritesNoMorePartsThanThereIsRoomFor()
    {
        Span<int> found = stackalloc int[1];
        Assert.Equal(1, WordResolver.Resolve(_words, "createdAt", found));
    }

    private List<string> Resolve(string token)
    {
        Span<int> found = stackalloc int[8];
        var count = WordResolver.Resolve(_words, token, found);
        var words = new List<string>();
        foreach (var index in found[..count])
        {
            words.Add(Vocabulary[index]);
        }

        return words;
    }
}
