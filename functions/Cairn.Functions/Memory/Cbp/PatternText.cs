using System.Text.RegularExpressions;
using Cairn.Safety;

namespace Cairn.Memory;

// Turns a memory's essence into a collective pattern: personal data and secrets replaced by placeholders (<secret>,
// <email>, <url>, <ip>, <path>, <id>, <user>, <n>), then lower case with white space collapsed and end punctuation
// dropped, so the same lesson learned by different agents hashes alike.
public static partial class PatternText
{
    // A pattern needs at least this many content words to mean anything on its own.
    public const int MinContentWords = 3;

    public const int MaxLength = 400;

    // The normalised, scrubbed pattern, or null when too little is left to be worth sharing.
    public static string? Normalize(string text)
    {
        // NFC first: the same lesson spelled with combining accents or precomposed letters is one pattern.
        var scrubbed = ContentScanner.Redact(Errors.UnicodeForms.ToNfc(text), includePersonalData: false, mask: "<secret>");
        scrubbed = Email().Replace(scrubbed, "<email>");
        scrubbed = Url().Replace(scrubbed, "<url>");
        scrubbed = HomePath().Replace(scrubbed, "<path>");
        scrubbed = Uuid().Replace(scrubbed, "<id>");
        scrubbed = Ip().Replace(scrubbed, "<ip>");
        scrubbed = Hex().Replace(scrubbed, "<id>");
        scrubbed = Handle().Replace(scrubbed, "<user>");
        scrubbed = Number().Replace(scrubbed, "<n>");
        var normalized = Space().Replace(scrubbed.ToLowerInvariant(), " ").Trim().TrimEnd('.', '!', '?', ';', ':', ',').Trim();
        if (normalized.Length > MaxLength)
        {
            normalized = MemoryText.Truncate(normalized, MaxLength);
        }
        var words = MemoryText.ContentWords(Placeholder().Replace(normalized, " ")).Count();
        return words >= MinContentWords ? normalized : null;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?|ftp|wss?)://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?:/home/|/Users/|[A-Za-z]:\\Users\\)[^\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex HomePath();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b")]
    private static partial Regex Ip();

    [GeneratedRegex(@"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"(?<![\w@])@[A-Za-z0-9_-]{2,}")]
    private static partial Regex Handle();

    [GeneratedRegex(@"(?<![<\w])\d+(?:[.,]\d+)*(?![\w>])")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"<(secret|email|url|path|id|ip|user|n)>")]
    private static partial Regex Placeholder();
}
