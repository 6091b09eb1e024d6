using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Tests.Safety;

// The disguises issue 16 found slipping past the old scanner, applied to a true positive.
public static partial class Disguises
{
    public static readonly IReadOnlyList<(string Name, Func<string, string> Apply)> All =
    [
        ("plain", text => text),
        ("zero_width", text => InsertInLongestToken(text, "\u200B")),
        ("combining_mark", text => InsertInLongestToken(text, "\u0301")),
        ("full_width", FullWidth),
        ("url_encoded", Uri.EscapeDataString),
        ("base64", text => Convert.ToBase64String(Encoding.UTF8.GetBytes(text))),
        ("line_break", text => InsertInLongestToken(text, "\n")),
    ];

    // ASCII letters, digits and punctuation as their full-width forms (U+FF01–U+FF5E).
    private static string FullWidth(string text) =>
        new(text.Select(c => c is > ' ' and <= '~' ? (char)(c - 0x21 + 0xFF01) : c).ToArray());

    // Splits the longest run of letters and digits (most often the secret itself) in its middle.
    private static string InsertInLongestToken(string text, string insert)
    {
        var longest = Token().Matches(text).MaxBy(m => m.Length);
        return longest is null ? text : text.Insert(longest.Index + longest.Length / 2, insert);
    }

    [GeneratedRegex("[A-Za-z0-9]{4,}")]
    private static partial Regex Token();
}
