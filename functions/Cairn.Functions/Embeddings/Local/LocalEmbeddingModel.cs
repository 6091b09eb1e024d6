using System.Diagnostics;

namespace Cairn.Embeddings.Local;

// Sentence embeddings from word vectors by SIF: the weighted sum of the known words' vectors, minus its projection on
// the common component all texts share, L2-normalised. Immutable and thread-safe once built.
internal sealed class LocalEmbeddingModel
{
    // The most vocabulary entries one token may stand for (parts of a compound identifier).
    private const int MaxPartsPerToken = 8;

    private readonly WordVectors _words;

    // SIF weight × int8 scale, so the hot loop does one multiply per component.
    private readonly float[] _coefficients;
    private readonly float[]? _commonComponent;

    public LocalEmbeddingModel(WordVectors words, double sifA, bool removeCommonComponent)
    {
        _words = words;
        _coefficients = new float[words.Count];
        var ranks = words.Ranks;
        for (var i = 0; i < words.Count; i++)
        {
            _coefficients[i] = (float)SifWeighting.Weight(ranks[i], words.Header.SourceVocabularySize, sifA) * words.Scale(i);
        }

        _commonComponent = removeCommonComponent ? ExpectedWordVector(words, _coefficients) : null;
        ModelId = ModelIdFor(words.Header, sifA, removeCommonComponent);
    }

    public string ModelId { get; }

    public int Dimensions => _words.Dimensions;

    public TimeSpan LoadTime { get; private init; }

    // The unit direction removed from every embedding; empty when removal is off.
    public ReadOnlySpan<float> CommonComponent => _commonComponent;

    public static LocalEmbeddingModel Load(string path, double sifA, bool removeCommonComponent)
    {
        var stopwatch = Stopwatch.StartNew();
        var words = WordVectorFile.Read(path);
        return new LocalEmbeddingModel(words, sifA, removeCommonComponent) { LoadTime = stopwatch.Elapsed };
    }

    // Names the vectors and the weighting, so an index knows when its stored vectors are stale.
    public static string ModelIdFor(WordVectorHeader header, double sifA, bool removeCommonComponent) =>
        FormattableString.Invariant($"{header.ModelName}+sif(a={sifA:R}{(removeCommonComponent ? ",cc" : "")})");

    // Writes the embedding of text; returns false, leaving zeros, when no word of it is known.
    public bool Embed(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"The destination must hold {Dimensions} values.", nameof(destination));
        }

        destination.Clear();
        Span<int> found = stackalloc int[MaxPartsPerToken];
        var known = 0;
        foreach (var token in new WordTokenizer(text))
        {
            var count = WordResolver.Resolve(_words, token, found);
            for (var k = 0; k < count; k++)
            {
                var index = found[k];
                AddScaled(_words.QuantisedVector(index), _coefficients[index], destination);
            }

            known += count;
        }

        if (known == 0)
        {
            return false;
        }

        if (_commonComponent is not null)
        {
            var projection = Dot(destination, _commonComponent);
            for (var d = 0; d < destination.Length; d++)
            {
                destination[d] -= projection * _commonComponent[d];
            }
        }

        var norm = MathF.Sqrt(Dot(destination, destination));
        if (norm == 0)
        {
            return false;
        }

        for (var d = 0; d < destination.Length; d++)
        {
            destination[d] /= norm;
        }

        return true;
    }

    // SIF removes the first principal component of a corpus of sentence vectors. Without a corpus at start-up, we take
    // the expected weighted word vector under the Zipf distribution: on GloVe its cosine with that principal component
    // is 0.995.
    private static float[] ExpectedWordVector(WordVectors words, float[] coefficients)
    {
        var sum = new double[words.Dimensions];
        var ranks = words.Ranks;
        for (var i = 0; i < words.Count; i++)
        {
            // p(w) ∝ 1 / rank; the normalising constant drops out with the final normalisation.
            var weight = coefficients[i] / ranks[i];
            var vector = words.QuantisedVector(i);
            for (var d = 0; d < sum.Length; d++)
            {
                sum[d] += weight * vector[d];
            }
        }

        var norm = Math.Sqrt(sum.Sum(x => x * x));
        return norm == 0 ? new float[words.Dimensions] : [.. sum.Select(x => (float)(x / norm))];
    }

    private static void AddScaled(ReadOnlySpan<sbyte> vector, float coefficient, Span<float> destination)
    {
        vector = vector[..destination.Length];
        for (var d = 0; d < destination.Length; d++)
        {
            destination[d] += coefficient * vector[d];
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var d = 0; d < a.Length; d++)
        {
            sum += a[d] * b[d];
        }

        return sum;
    }
}
