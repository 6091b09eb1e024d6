using System.Text.RegularExpressions;

namespace Cairn.Memory;

// Plain, deterministic text analysis shared by compression, classification and duplicate detection: sentences, content
// words (lower case, stop words out, plural "s" folded) and a word-set fingerprint.
public static partial class MemoryText
{
    // Distinct content words kept in a fingerprint; short observations are fingerprinted whole.
    public const int FingerprintWords = 64;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "each", "for", "from", "had", "has",
        "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "of", "on", "once", "only", "or", "other", "our", "ours", "out",
        "over", "own", "same", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were",
        "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    };

    // Sentences: split after . ! ? followed by white space, and at line breaks; bullets and numbering stay.
    public static IReadOnlyList<string> Sentences(string text) =>
        SentenceBreak().Split(text.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    // Every word in lower case, in order (letters, digits, '_', inner '-', '.' or '\'').
    public static IEnumerable<string> Words(string text) =>
        Word().Matches(text).Select(m => m.Value.ToLowerInvariant());

    // Words that carry meaning: no stop words, no single characters, a plural "s" folded ("tests" → "test").
    public static IEnumerable<string> ContentWords(string text) =>
        Words(text).Where(w => w.Length > 1 && !StopWords.Contains(w)).Select(Fold);

    // The first FingerprintWords distinct content words, space-separated, in order of appearance.
    public static string Fingerprint(string text) =>
        string.Join(' ', ContentWords(text).Distinct().Take(FingerprintWords));

    // Jaccard similarity of two fingerprints' word sets, in [0, 1]; 0 when either is empty.
    public static double Similarity(string fingerprintA, string fingerprintB)
    {
        var a = fingerprintA.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var b = fingerprintB.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    // Cuts text to at most maxCharacters at a word boundary, ending with "…".
    public static string Truncate(string text, int maxCharacters)
    {
        if (text.Length <= maxCharacters)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', Math.Max(0, maxCharacters - 1));
        var head = cut > maxCharacters / 2 ? text[..cut] : text[..Math.Max(0, maxCharacters - 1)];
        return head.TrimEnd(' ', ',', ';', ':') + "…";
    }

    private static string Fold(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            ? word[..^1]
            : word;

    [GeneratedRegex(@"(?<=[.!?])\s+|[\r\n]+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"[\p{L}\p{N}_]+(?:[-.'][\p{L}\p{N}_]+)*")]
    private static partial Regex Word();
}
