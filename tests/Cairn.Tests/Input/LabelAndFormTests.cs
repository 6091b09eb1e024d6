using Cairn.Errors;
using Cairn.Memory;
using Cairn.Safety;

namespace Cairn.Tests.Input;

// Which label text is refused, and the Unicode forms that make two spellings of one text compare equal, as pure functions.
[Trait("Storage", "None")]
public sealed class LabelAndFormTests
{
    [Theory]
    [InlineData("Deploy to production")]
    [InlineData("café, naïve, Ærø, 日本語, עברית, العربية")]
    [InlineData("می\u200Cخواهم")]
    [InlineData("क्\u200Dष")]
    [InlineData("👩\u200D💻 and 🏳\uFE0F\u200D🌈")]
    [InlineData("🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F")]
    public void VisibleTextAndTheJoinersScriptsNeedMakeACleanLabel(string text) => Assert.Equal(-1, LabelText.FindInvisible(text));

    [Theory]
    [InlineData("abc\u202Edef", 3)]
    [InlineData("\u202Aabc", 0)]
    [InlineData("ab\u2066c\u2069", 2)]
    [InlineData("ab\u061Cc", 2)]
    [InlineData("a\u200Bb", 1)]
    [InlineData("a\u200Cb", 1)]
    [InlineData("a\u200Db", 1)]
    [InlineData("é\u200B", 1)]
    [InlineData("é\u200D\u200Dx", 2)]
    [InlineData("x\u2060y", 1)]
    [InlineData("\uFEFFx", 0)]
    [InlineData("x\u00ADy", 1)]
    [InlineData("x\u180Ey", 1)]
    [InlineData("x\U000E0041y", 1)]
    [InlineData("x\ty", 1)]
    [InlineData("x\ny", 1)]
    [InlineData("x\u007Fy", 1)]
    [InlineData("x\u0085y", 1)]
    [InlineData("x\u2028y", 1)]
    [InlineData("x\u2029y", 1)]
    [InlineData("x\uFFFF", 1)]
    [InlineData("x\uFDD0", 1)]
    [InlineData("x\U0010FFFE", 1)]
    public void BidirectionalControlsInvisibleFormattingAndLineBreaksAreFound(string text, int index) =>
        Assert.Equal(index, LabelText.FindInvisible(text));

    [Fact]
    public void NfcComposesWhatStringNormalizeLeavesAloneUnderInvariantGlobalization()
    {
        const string decomposed = "Cafe\u0301 A\u030A \u1100\u1161";

        Assert.Equal(decomposed, decomposed.Normalize());
        Assert.Equal("Caf\u00E9 \u00C5 \uAC00", UnicodeForms.ToNfc(decomposed));
        const string ascii = "plain ascii";
        Assert.Same(ascii, UnicodeForms.ToNfc(ascii));
    }

    [Fact]
    public void NfkcFoldsLigaturesAndFullWidthLetters() =>
        Assert.Equal("file ABC 2", UnicodeForms.ToNfkc("\uFB01le \uFF21\uFF22\uFF23 \u00B2"));

    [Fact]
    public void TheSameLessonSpelledWithCombiningAccentsIsOnePattern() =>
        Assert.Equal(PatternText.Normalize("Always re\u0301sume\u0301 the cafe\u0301 deploy after lunch"),
            PatternText.Normalize("Always r\u00E9sum\u00E9 the caf\u00E9 deploy after lunch"));

    [Fact]
    public void TheScannerSeesATokenBehindALigature() =>
        Assert.Equal("sk_live_profile", CompatibilityFold.Apply("sk_live_pro\uFB01le"));
}
