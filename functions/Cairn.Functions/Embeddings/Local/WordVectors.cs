namespace Cairn.Embeddings.Local;

// A vocabulary with int8-quantised vectors; index i is the (i+1)-th most frequent word kept.
internal sealed class WordVectors
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int[] _ranks;
    private readonly float[] _scales;
    private readonly sbyte[] _vectors;

    public WordVectors(WordVectorHeader header, Dictionary<string, int> index, int[] ranks, float[] scales, sbyte[] vectors)
    {
        if (index.Count != header.Count || ranks.Length != header.Count || scales.Length != header.Count || vectors.Length != header.Count * header.Dimensions)
        {
            throw new ArgumentException("The vocabulary, ranks, scales and vectors must all describe the same number of words.");
        }

        Header = header;
        _lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        _ranks = ranks;
        _scales = scales;
        _vectors = vectors;
    }

    public WordVectorHeader Header { get; }

    public int Count => Header.Count;

    public int Dimensions => Header.Dimensions;

    // 1-based position of each word in the source vocabulary, which GloVe sorts by corpus count.
    public ReadOnlySpan<int> Ranks => _ranks;

    // Finds an already lower-cased word without allocating.
    public bool TryFind(ReadOnlySpan<char> word, out int index) => _lookup.TryGetValue(word, out index);

    public float Scale(int index) => _scales[index];

    public ReadOnlySpan<sbyte> QuantisedVector(int index) => _vectors.AsSpan(index * Dimensions, Dimensions);
}
