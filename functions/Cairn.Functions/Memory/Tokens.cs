namespace Cairn.Memory;

/// <summary>
/// The one token estimate memory uses for stage targets and retrieval costs: ceil(characters / 4), characters being
/// UTF-16 code units — the usual rule of thumb for English with GPT-style tokenisers (the engrams branch uses the same
/// rule); no tokeniser package is reachable from this build.
/// </summary>
public static class Tokens
{
    public static int Estimate(int characters) => (characters + 3) / 4;

    public static int Estimate(string text) => Estimate(text.Length);

    /// <summary>The most characters a text of <paramref name="tokens"/> tokens may have.</summary>
    public static int Characters(int tokens) => tokens * 4;
}
