namespace Cairn.Safety;

// Maximal runs of token characters, found in one pass. Written by hand because a regular expression for "a run of at
// least N such characters" retries at every letter of every word and measured tens of times slower on prose.
internal static class TokenRuns
{
    public static bool IsBase64(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=';

    // The body of standard or URL-safe base64, without padding (decoding pads it back).
    public static bool IsBase64Body(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    public static List<Range> Find(string text, Func<char, bool> isTokenChar, int minLength)
    {
        var runs = new List<Range>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && isTokenChar(text[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                if (i - start >= minLength)
                {
                    runs.Add(start..i);
                }
                start = -1;
            }
        }
        return runs;
    }
}
