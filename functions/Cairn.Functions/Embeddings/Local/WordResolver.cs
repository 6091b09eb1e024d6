namespace Cairn.Embeddings.Local;

// Maps a token to vocabulary entries: the lower-cased word itself; failing that, its singular ("replicas" → "replica",
// "queries" → "query", "boxes" → "box"); failing that, the parts of a compound identifier ("createdAt", "HTTPServer",
// "utf8").
internal static class WordResolver
{
    // Longer tokens (hashes, base64, minified code) are ignored rather than looked up.
    public const int MaxTokenLength = 64;

    // Writes the indices of the words the token stands for into found and returns how many.
    public static int Resolve(WordVectors words, ReadOnlySpan<char> token, Span<int> found)
    {
        if (token.Length is 0 or > MaxTokenLength || found.IsEmpty)
        {
            return 0;
        }

        Span<char> lower = stackalloc char[token.Length];
        token.ToLowerInvariant(lower);
        if (TryFindInflected(words, lower, out found[0]))
        {
            return 1;
        }

        var count = 0;
        var start = 0;
        for (var i = 1; i <= token.Length && count < found.Length; i++)
        {
            if (i < token.Length && !IsPartBoundary(token, i))
            {
                continue;
            }

            // A token without boundaries was already looked up whole.
            if (start == 0 && i == token.Length)
            {
                break;
            }

            if (TryFindInflected(words, lower[start..i], out var index))
            {
                found[count++] = index;
            }

            start = i;
        }

        return count;
    }

    private static bool TryFindInflected(WordVectors words, ReadOnlySpan<char> word, out int index)
    {
        if (words.TryFind(word, out index))
        {
            return true;
        }

        if (word.Length > 4 && word.EndsWith("ies"))
        {
            Span<char> singular = stackalloc char[word.Length - 2];
            word[..^3].CopyTo(singular);
            singular[^1] = 'y';
            if (words.TryFind(singular, out index))
            {
                return true;
            }
        }

        if (word.Length > 3 && word[^1] == 's' && word[^2] != 's')
        {
            return words.TryFind(word[..^1], out index)
                || (word[^2] == 'e' && words.TryFind(word[..^2], out index));
        }

        return false;
    }

    // Boundaries inside identifiers: fooBar, HTTPServer (before "Server"), utf8, 3d.
    private static bool IsPartBoundary(ReadOnlySpan<char> token, int i)
    {
        char previous = token[i - 1], current = token[i];
        return (char.IsLower(previous) && char.IsUpper(current))
            || (char.IsLetter(previous) && char.IsDigit(current))
            || (char.IsDigit(previous) && char.IsLetter(current))
            || (char.IsUpper(previous) && char.IsUpper(current) && i + 1 < token.Length && char.IsLower(token[i + 1]));
    }
}
