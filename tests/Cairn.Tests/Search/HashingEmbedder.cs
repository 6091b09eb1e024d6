using System.Globalization;
using System.Text;
using Cairn.Search;

namespace Cairn.Tests.Search;

// A deterministic stand-in for a real embedder: each lower-cased word adds ±1 to one of 64 dimensions chosen by its
// hash, so texts that share words point the same way. Makes vector-arm results predictable on every backend.
public static class HashingEmbedder
{
    public const int Dimensions = 64;

    public static readonly EmbeddingModelInfo Model = new("test", "hashing-bag-of-words-64", Dimensions);

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in Words(text))
        {
            var hash = Fnv1a(word);
            vector[hash % Dimensions] += (hash & 0x8000_0000) == 0 ? 1 : -1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }

    // A unit vector along one axis: for tests that set each arm's opinion by hand.
    public static float[] Axis(int dimension, float other = 0, int otherDimension = 1)
    {
        var vector = new float[Dimensions];
        vector[dimension] = 1;
        vector[otherDimension] += other;
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture).Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }
    }

    private static uint Fnv1a(string word)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(word))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
