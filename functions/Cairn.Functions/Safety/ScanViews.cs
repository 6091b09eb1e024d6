using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Safety;

// The forms of a text the rules run over, so that trivial disguises do not hide a secret: the text in Unicode NFKC
// (full-width letters become ASCII) without format characters (zero-width spaces, joiners, soft hyphens); the same
// without combining marks; the same with
// tokens that a line break split joined again; and the URL-decoded and base64-decoded forms of candidate runs.
internal static partial class ScanViews
{
    // Decoding stops after this much decoded text per scanned value: enough for any secret, bounded for a 2 MiB blob.
    private const int MaxDecodedChars = 1 << 20;

    // How many times a decoded form is itself decoded again (base64 of URL-encoded text, and so on).
    private const int MaxDepth = 2;

    public static IEnumerable<string> Of(string text)
    {
        var budget = MaxDecodedChars;
        return Expand(text, 0, () => budget, used => budget -= used);
    }

    private static IEnumerable<string> Expand(string text, int depth, Func<int> budget, Action<int> spend)
    {
        var normal = Normalize(text);
        yield return normal;
        // Combining marks put inside a token (g\u0301hp_…) render as accents and hid it; a view without them finds it.
        // Only a view: stripping them from Normalize would also strip the accents of decomposed text that Redact returns.
        if (WithoutMarks(normal) is { } bare)
        {
            yield return bare;
        }
        if (normal.Contains('\n'))
        {
            var joined = SplitToken().Replace(normal, "");
            if (!ReferenceEquals(joined, normal) && joined != normal)
            {
                yield return joined;
            }
        }
        if (depth >= MaxDepth)
        {
            yield break;
        }
        foreach (var decoded in Decoded(normal))
        {
            if (budget() <= 0)
            {
                yield break;
            }
            spend(decoded.Length);
            foreach (var view in Expand(decoded, depth + 1, budget, spend))
            {
                yield return view;
            }
        }
    }

    public static string Normalize(string text)
    {
        var normal = CompatibilityFold.Apply(text);
        if (!normal.Any(IsFormat))
        {
            return normal;
        }
        var kept = new StringBuilder(normal.Length);
        foreach (var c in normal)
        {
            if (!IsFormat(c))
            {
                kept.Append(c);
            }
        }
        return kept.ToString();
    }

    // The text without combining marks (Mn, Me), or null when it has none. Decomposed first: NFKC composes a mark put
    // after a letter into one accented letter (g + U+0301 → ǵ), which would hide it again.
    private static string? WithoutMarks(string text)
    {
        var decomposed = Errors.UnicodeForms.ToNfd(text);
        if (!decomposed.Any(IsMark))
        {
            return null;
        }
        return new string([.. decomposed.Where(c => !IsMark(c))]);
    }

    private static bool IsMark(char c) => c >= '\u0300'
        && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    // Zero-width and other invisible format characters (Unicode category Cf), plus the Mongolian vowel separator.
    private static bool IsFormat(char c) => c > '\u007f' && (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format || c == '\u180e');

    private static IEnumerable<string> Decoded(string text)
    {
        if (PercentEscape().IsMatch(text))
        {
            var unescaped = TryUnescape(text);
            if (unescaped is not null && unescaped != text)
            {
                yield return unescaped;
            }
        }
        foreach (var run in TokenRuns.Find(text, TokenRuns.IsBase64Body, MinBase64Run))
        {
            if (TryBase64Text(text[run]) is { } decoded)
            {
                yield return decoded;
            }
        }
    }

    private static string? TryUnescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    // The run decoded as standard or URL-safe base64 when the result is readable text, else null (images, hashes).
    private static string? TryBase64Text(string run)
    {
        var s = run.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        if (s.Length % 4 == 1)
        {
            return null;
        }
        s += new string('=', (4 - s.Length % 4) % 4);
        var bytes = new byte[s.Length * 3 / 4];
        if (!Convert.TryFromBase64String(s, bytes, out var written) || written == 0)
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var printable = decoded.Count(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
        return printable >= decoded.Length * 0.95 ? decoded : null;
    }

    // A line break between two token characters, with any indentation around it.
    [GeneratedRegex(@"(?<=[A-Za-z0-9+/=_.~-])[ \t]*\r?\n[ \t]*(?=[A-Za-z0-9+/=_.~-])")]
    private static partial Regex SplitToken();

    [GeneratedRegex(@"%[0-9A-Fa-f]{2}")]
    private static partial Regex PercentEscape();

    // Long enough to hide a short credential (user:password is 12+ bytes, 16 base64 characters).
    private const int MinBase64Run = 16;
}
