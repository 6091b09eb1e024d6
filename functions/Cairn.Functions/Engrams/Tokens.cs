using Microsoft.ML.Tokenizers;

namespace Cairn.Engrams;

// The one token count used for budgets (recall blocks, memory token costs, compression targets): o200k_base, the
// encoding of GPT-4o and later OpenAI models, from the vocabulary shipped in its NuGet data package (no download).
// Characters / 4 was off by a median 14 % (p95 46 %) on technical statements and under-counted code (docs/engrams.md).
public static class Tokens
{
    // How responses name the rule (recall's tokens.rule, memory search's token_rule).
    public const string Rule = "o200k_base tokens (GPT-4o and later)";

    // Loading the 200k-entry vocabulary takes a moment and some memory: only when the first count is asked for.
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static int Estimate(string text) => text.Length == 0 ? 0 : O200k.Value.CountTokens(text);

    // The longest prefix of text that counts at most maxTokens tokens.
    public static string Truncate(string text, int maxTokens)
    {
        var end = O200k.Value.GetIndexByTokenCount(text, maxTokens, out _, out _);
        return text[..end];
    }
}
