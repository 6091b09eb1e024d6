namespace Cairn.Search;

/// <summary>What every backend does to text and vectors before indexing or searching, so they index the same thing.</summary>
public static class SearchText
{
    // PostgreSQL text cannot hold NUL, and UTF-8 (PostgreSQL's, and JSON to Azure) cannot hold a lone surrogate; neither means anything to search.
    public static string Clean(string text) =>
        text.Contains('\0', StringComparison.Ordinal) || HasLoneSurrogate(text)
            ? new string(text.Select((c, i) => c == '\0' ? ' ' : char.IsSurrogate(c) && !IsPaired(text, i) ? '\uFFFD' : c).ToArray())
            : text;

    /// <summary>
    /// The vector, or null when it has no direction: all zeros (a text without a known word), or values so small that
    /// their squared norm is not a normal float32 — the precision pgvector and Cosmos DB compute cosine in — whose
    /// cosine is NaN, which sorts above every number and poisons fusion. Such a document is left to the keyword arm.
    /// </summary>
    public static ReadOnlyMemory<float>? NonZero(ReadOnlyMemory<float>? vector) =>
        vector is { } v && HasDirection(v.Span) ? v : default(ReadOnlyMemory<float>?);

    public static bool HasDirection(ReadOnlySpan<float> vector) =>
        vector.Length > 0 && float.IsNormal(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(vector));

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !IsPaired(text, i))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsPaired(string text, int i) =>
        char.IsHighSurrogate(text[i])
            ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
            : i > 0 && char.IsHighSurrogate(text[i - 1]);
}
