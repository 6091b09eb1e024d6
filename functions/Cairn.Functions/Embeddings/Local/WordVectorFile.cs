using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Cairn.Embeddings.Local;

// The first fields of a word-vector file: enough to name the model without loading it.
internal sealed record WordVectorHeader(string ModelName, int Dimensions, int Count, int SourceVocabularySize);

// Reads the word-vector file written by scripts/lib/convert-glove.mjs (layout in docs/embeddings.md): header,
// length-prefixed UTF-8 words, frequency ranks, per-word int8 scales, int8 vectors; little-endian.
internal static class WordVectorFile
{
    public const int Version = 1;

    public static ReadOnlySpan<byte> Magic => "CAIRNWV\0"u8;

    private const int FixedHeaderLength = 22;

    public static WordVectorHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream);
    }

    public static WordVectors Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        return Read(stream);
    }

    public static WordVectors Read(Stream stream)
    {
        try
        {
            return ReadBody(stream, ReadHeader(stream));
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The word-vector file is truncated.", exception);
        }
    }

    private static WordVectorHeader ReadHeader(Stream stream)
    {
        // The sections are read straight into typed arrays, which assumes the file's byte order.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Word-vector files can only be read on little-endian machines.");
        }

        Span<byte> header = stackalloc byte[FixedHeaderLength];
        stream.ReadExactly(header);
        if (!header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("This is not a Cairn word-vector file (wrong magic number).");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version != Version)
        {
            throw new InvalidDataException($"Word-vector file version {version} is not supported (expected {Version}).");
        }

        var dimensions = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        var sourceVocabularySize = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[20..]);
        if (dimensions == 0 || count == 0 || count > int.MaxValue / dimensions || sourceVocabularySize < count || sourceVocabularySize > int.MaxValue)
        {
            throw new InvalidDataException($"Implausible word-vector header: {count} words of {dimensions} dimensions from a vocabulary of {sourceVocabularySize}.");
        }

        var name = new byte[nameLength];
        stream.ReadExactly(name);
        return new WordVectorHeader(Encoding.UTF8.GetString(name), dimensions, (int)count, (int)sourceVocabularySize);
    }

    private static WordVectors ReadBody(Stream stream, WordVectorHeader header)
    {
        var index = new Dictionary<string, int>(header.Count, StringComparer.Ordinal);
        Span<byte> word = stackalloc byte[byte.MaxValue];
        for (var i = 0; i < header.Count; i++)
        {
            var length = stream.ReadByte();
            if (length < 0)
            {
                throw new EndOfStreamException();
            }

            stream.ReadExactly(word[..length]);
            var text = Encoding.UTF8.GetString(word[..length]);
            if (!index.TryAdd(text, i))
            {
                throw new InvalidDataException($"The word '{text}' appears twice in the word-vector file.");
            }
        }

        var ranks = new int[header.Count];
        stream.ReadExactly(MemoryMarshal.AsBytes(ranks.AsSpan()));
        for (var i = 0; i < ranks.Length; i++)
        {
            // Ranks order the words by corpus frequency; the weighting depends on it.
            if (ranks[i] < 1 || ranks[i] > header.SourceVocabularySize || (i > 0 && ranks[i] <= ranks[i - 1]))
            {
                throw new InvalidDataException($"Frequency rank {ranks[i]} of word {i} is out of order or out of range.");
            }
        }

        var scales = new float[header.Count];
        stream.ReadExactly(MemoryMarshal.AsBytes(scales.AsSpan()));
        var vectors = new sbyte[header.Count * header.Dimensions];
        stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
        if (stream.ReadByte() != -1)
        {
            throw new InvalidDataException("The word-vector file has bytes after its last vector.");
        }

        return new WordVectors(header, index, ranks, scales, vectors);
    }
}
