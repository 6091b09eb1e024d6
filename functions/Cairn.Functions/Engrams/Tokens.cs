namespace Cairn.Engrams;

/// <summary>
/// The one token estimate used for budgets: ceil(characters / 4), characters being UTF-16 code units. That is the
/// usual rule of thumb for English with GPT-style tokenisers; no tokeniser package is reachable from this build.
/// </summary>
public static class Tokens
{
    public static int Estimate(int characters) => (characters + 3) / 4;

    public static int Estimate(string text) => Estimate(text.Length);
}
