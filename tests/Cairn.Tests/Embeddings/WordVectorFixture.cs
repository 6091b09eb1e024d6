using System.Buffers.Binary;
using System.Text;

namespace Cairn.Tests.Embeddings;

// Writes small word-vector files in the format of scripts/lib/convert-glove.mjs, so unit tests need not the real model.
public sealed class WordVectorFixture : IDisposable
{
    public WordVectorFixture(int sourceVocabularySize, params (string Word, int Rank, float[] Vector)[] words)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cairn-wv-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(Path, Write("test-vectors", sourceVocabularySize, words));
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);

    public static byte[] Write(string modelName, int sourceVocabularySize, IReadOnlyList<(string Word, int Rank, float[] Vector)> words)
    {
        var dimensions = words[0].Vector.Length;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write("CAIRNWV\0"u8);
        writer.Write((ushort)1);
        writer.Write((ushort)dimensions);
        writer.Write((uint)words.Count);
        writer.Write((uint)sourceVocabularySize);
        var name = Encoding.UTF8.GetBytes(modelName);
        writer.Write((ushort)name.Length);
        writer.Write(name);
        foreach (var (word, _, _) in words)
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            writer.Write((byte)bytes.Length);
            writer.Write(bytes);
        }

        foreach (var (_, rank, _) in words)
        {
            writer.Write(rank);
        }

        foreach (var (_, _, vector) in words)
        {
            writer.Write(Scale(vector));
        }

        foreach (var (_, _, vector) in words)
        {
            var scale = Scale(vector);
            foreach (var value in vector)
            {
                writer.Write(scale == 0 ? (sbyte)0 : (sbyte)Math.Round(value / scale));
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    // What the reader will give back for a component: quantised to 127 steps of the largest magnitude.
    public static float Dequantised(float[] vector, int dimension)
    {
        var scale = Scale(vector);
        return scale == 0 ? 0 : (float)Math.Round(vector[dimension] / scale) * scale;
    }

    public static byte[] WithVersion(byte[] file, ushort version)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(8), version);
        return copy;
    }

    private static float Scale(float[] vector) => vector.Max(Math.Abs) / 127f;
}
