using System.Text;
using Cairn.Errors;

namespace Cairn.Safety;

// Unicode NFKC, then the compatibility folds that turn disguised ASCII back into ASCII. The app runs with
// InvariantGlobalization, where string.Normalize changes nothing; NFKC comes from ICU4N (Errors/UnicodeForms), and the
// folds below stay as a second net: full-width forms, mathematical alphanumerics, and exotic spaces.
internal static class CompatibilityFold
{
    public static string Apply(string text)
    {
        var normal = TryNormalize(text);
        if (Ascii.IsValid(normal))
        {
            return normal;
        }
        var folded = new StringBuilder(normal.Length);
        for (var i = 0; i < normal.Length; i++)
        {
            var c = normal[i];
            if (char.IsHighSurrogate(c) && i + 1 < normal.Length && char.IsLowSurrogate(normal[i + 1]))
            {
                var mapped = MathAlphanumeric(char.ConvertToUtf32(c, normal[i + 1]));
                if (mapped is { } ascii)
                {
                    folded.Append(ascii);
                    i++;
                    continue;
                }
            }
            folded.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFF01 + 0x21),
                '\u3000' or '\u00A0' or '\u202F' or '\u205F' or (>= '\u2000' and <= '\u200A') => ' ',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2212' => '-',
                _ => c,
            });
        }
        return folded.ToString();
    }

    private static string TryNormalize(string text)
    {
        try
        {
            return UnicodeForms.ToNfkc(text);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; the folds below still apply.
            return text;
        }
    }

    // 𝐀–𝚣 (U+1D400–U+1D6A3, thirteen styles of A–Z a–z) and 𝟎–𝟿 (U+1D7CE–U+1D7FF, five styles of 0–9).
    private static char? MathAlphanumeric(int codePoint) => codePoint switch
    {
        >= 0x1D400 and <= 0x1D6A3 => (codePoint - 0x1D400) % 52 is var i && i < 26 ? (char)('A' + i) : (char)('a' + i - 26),
        >= 0x1D7CE and <= 0x1D7FF => (char)('0' + (codePoint - 0x1D7CE) % 10),
        _ => null,
    };
}
