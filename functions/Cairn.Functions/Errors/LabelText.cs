using System.Globalization;

namespace Cairn.Errors;

// Names, topics, titles, tags, domains and scopes are shown to other agents as who or what something is: an invisible
// character there lets one entry display as another (a right-to-left override reverses what follows; a zero-width space
// makes "deploy" and "dep\u200Bloy" two names that look alike). Such fields are one line of visible text; free prose
// (entry content, statements, rationales, descriptions) keeps every character, as RTL text and code need them.
public static class LabelText
{
    public const string Rule = "must be one line of visible text: no bidirectional controls (U+202A to U+202E, U+2066 to U+2069, "
        + "U+200E, U+200F, U+061C), zero-width or other invisible formatting characters (U+200B, U+2060, U+FEFF, U+00AD, …), "
        + "line breaks, tabs, control characters or noncharacters (U+FFFE, U+FFFF, U+FDD0 to U+FDEF).";

    // The index of the first character a label may not hold, or -1 when the label is fine.
    public static int FindInvisible(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0080' ? c < ' ' || c == '\u007F' : IsForbidden(text, i))
            {
                return i;
            }
            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }
        return -1;
    }

    public static bool IsClean(string text) => FindInvisible(text) < 0;

    private static bool IsForbidden(string text, int i)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(text, i))
        {
            case UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                return true;
            case UnicodeCategory.OtherNotAssigned:
                // Noncharacters are for a program's internal use, never for interchange; other unassigned code points may be
                // assigned by a newer Unicode than this runtime's (new emoji), so they pass.
                var codePoint = char.ConvertToUtf32(text, i);
                return codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
            case UnicodeCategory.Format:
                // Joiners and emoji tag characters are part of how Persian, Indic scripts and emoji sequences are
                // spelled; they stay allowed after a non-ASCII character, never inside an ASCII word.
                var joinsScript = text[i] is '\u200C' or '\u200D' || char.IsHighSurrogate(text[i]) && char.ConvertToUtf32(text, i) is >= 0xE0020 and <= 0xE007F;
                return !(joinsScript && i > 0 && text[i - 1] >= '\u0080' && CharUnicodeInfo.GetUnicodeCategory(text[i - 1]) != UnicodeCategory.Format);
            default:
                return false;
        }
    }
}
