namespace Cairn.Search;

/// <summary>What every backend does to text and vectors before indexing or searching, so they index the same thing.</summary>
public static class SearchText
{
    // PostgreSQL text cannot hold NUL, and UTF-8 (PostgreSQL's, and JSON to Azure) cannot hold a lone surrogate; neither means anything to search.
    public static string Clean(string text) =>
        text.Contains('\0', StringComparison.Ordinal) || HasLoneSurrogate(text)
            ? new string(text.Select((c, i) => c == '\0' ? ' ' : char.IsSurrogate(c) && !IsPaired(text, i) ? '\uFFFD' : c).ToArray())
            : text;

    // A text with no known word embeds to the zero vector, which has no direction: cosine distance would be NaN.
    public static ReadOnlyMemory<float>? NonZero(ReadOnlyMemory<float>? vector) =>
        vector is { } v && v.Span.ContainsAnyExcept(0f) ? v : default(ReadOnlyMemory<float>?);

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
