namespace Cairn.Embeddings.Local;

// Splits text into words, keeping their case: runs of letters and digits. English clitics after an apostrophe ('s, n't,
// 'll, 're, 've, 'd, 'm) are dropped, as GloVe's tokeniser split them off: "don't" gives "do", "Cairn's" gives "Cairn".
internal ref struct WordTokenizer(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> _text = text;
    private int _position;

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly WordTokenizer GetEnumerator() => this;

    public bool MoveNext()
    {
        var text = _text;
        var i = _position;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            _position = i;
            return false;
        }

        var start = i;
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        var end = i;
        if (i + 1 < text.Length && IsApostrophe(text[i]) && char.IsLetter(text[i + 1]))
        {
            var clitic = i + 1;
            while (clitic < text.Length && char.IsLetterOrDigit(text[clitic]))
            {
                clitic++;
            }

            var suffix = text[(i + 1)..clitic];
            if (IsClitic(suffix))
            {
                // GloVe saw "do n't", "ca n't", "wo n't": the n belongs to the clitic.
                if (suffix is "t" or "T" && end - start > 1 && text[end - 1] is 'n' or 'N')
                {
                    end--;
                }

                i = clitic;
            }
        }

        _position = i;
        Current = text[start..end];
        return true;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool IsClitic(ReadOnlySpan<char> suffix) =>
        suffix.Length switch
        {
            1 => char.ToLowerInvariant(suffix[0]) is 's' or 't' or 'd' or 'm',
            2 => suffix.Equals("ll", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("re", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("ve", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
}
