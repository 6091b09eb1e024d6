using Cairn.Embeddings.Local;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class WordVectorFileTests
{
    private static readonly (string Word, int Rank, float[] Vector)[] Words =
    [
        ("the", 1, [0.5f, -0.25f, 0.125f]),
        ("naïve", 7, [-2f, 1.5f, 0.3f]),
        ("zero", 9, [0f, 0f, 0f]),
    ];

    [Fact]
    public void ReadsWhatTheConverterWrites()
    {
        var words = Read(WordVectorFixture.Write("glove-test", 10, Words));

        Assert.Equal(new WordVectorHeader("glove-test", 3, 3, 10), words.Header);
        Assert.Equal([1, 7, 9], words.Ranks.ToArray());
        for (var i = 0; i < Words.Length; i++)
        {
            Assert.True(words.TryFind(Words[i].Word, out var index));
            Assert.Equal(i, index);
            for (var d = 0; d < 3; d++)
            {
                Assert.Equal(WordVectorFixture.Dequantised(Words[i].Vector, d), words.QuantisedVector(i)[d] * words.Scale(i), 1e-6);
                Assert.Equal(Words[i].Vector[d], words.QuantisedVector(i)[d] * words.Scale(i), 0.01);
            }
        }

        Assert.False(words.TryFind("The", out _));
    }

    [Fact]
    public void RejectsAFileOfAnotherKind() =>
        AssertInvalid("magic", [.. "PK\u0003\u0004 not a model at all"u8]);

    [Fact]
    public void RejectsAnotherVersion() =>
        AssertInvalid("version 2", WordVectorFixture.WithVersion(WordVectorFixture.Write("m", 10, Words), 2));

    [Fact]
    public void RejectsATruncatedFile() =>
        AssertInvalid("truncated", WordVectorFixture.Write("m", 10, Words)[..^5]);

    [Fact]
    public void RejectsTrailingBytes() =>
        AssertInvalid("after its last vector", [.. WordVectorFixture.Write("m", 10, Words), 0]);

    [Fact]
    public void RejectsADuplicateWord() =>
        AssertInvalid("twice", WordVectorFixture.Write("m", 10, [Words[0], ("the", 8, [1f, 1f, 1f])]));

    [Fact]
    public void RejectsRanksOutOfFrequencyOrder() =>
        AssertInvalid("out of order", WordVectorFixture.Write("m", 10, [Words[1], Words[0]]));

    private static WordVectors Read(byte[] file)
    {
        using var stream = new MemoryStream(file);
        return WordVectorFile.Read(stream);
    }

    private static void AssertInvalid(string reason, byte[] file)
    {
        var exception = Assert.Throws<InvalidDataException>(() => Read(file));
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }
}
