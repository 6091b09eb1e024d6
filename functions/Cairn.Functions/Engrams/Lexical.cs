using System.Text;

namespace Cairn.Engrams;

// Words for matching: lower-cased runs of letters and digits, without stop words, with a light plural strip ("engrams"
// matches "engram"). Enough for overlap scores; ranking quality proper comes with the search port.
public static class Lexical
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for", "from", "has", "have", "how",
        "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "so", "than", "that", "the", "their",
        "then", "there", "these", "this", "to", "was", "we", "were", "what", "when", "where", "which", "while",
        "who", "why", "will", "with", "you", "your",
    };

    // Words that only carry polarity ("never X" vs "always X" are about the same X).
    private static readonly HashSet<string> PolarityWords = new(StringComparer.Ordinal)
    {
        "always", "never", "not", "no", "don", "dont", "do", "does", "doesn", "must", "mustn", "should", "shouldn",
        "avoid", "prefer", "use", "using", "ensure", "stop", "t",
    };

    public static HashSet<string> Terms(params string?[] texts)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            AddTerms(text, terms);
        }
        return terms;
    }

    // The subject of a statement: its terms without the words that only say do or don't.
    public static HashSet<string> Subject(string statement)
    {
        var terms = Terms(statement);
        terms.ExceptWith(PolarityWords);
        return terms;
    }

    // |a ∩ b| / |a ∪ b|; 0 when both are empty.
    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count(b.Contains);
        return shared / (double)(a.Count + b.Count - shared);
    }

    private static void AddTerms(string? text, HashSet<string> terms)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else
            {
                // "don't" splits into "don" and "t", both polarity words that subjects drop.
                Flush(word, terms);
            }
        }
        Flush(word, terms);
    }

    private static void Flush(StringBuilder word, HashSet<string> terms)
    {
        if (word.Length == 0)
        {
            return;
        }
        var raw = word.ToString();
        word.Clear();
        if (!StopWords.Contains(raw))
        {
            // Polarity words stay whole ("always" is not the plural of "alway") so subjects can drop them.
            terms.Add(PolarityWords.Contains(raw) ? raw : Stem(raw));
        }
    }

    private static string Stem(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            ? word.EndsWith("ies", StringComparison.Ordinal) ? string.Concat(word.AsSpan(0, word.Length - 3), "y") : word[..^1]
            : word;
}
