using Cairn.Engrams;

namespace Cairn.Memory;

/// <summary>Shortens a memory's text to a token target (docs/memory.md, "Compression"); the result never exceeds the target.</summary>
public interface IMemoryCompressor
{
    Task<string> CompressAsync(string text, int targetTokens, CancellationToken cancellationToken);
}

// The default compressor: extractive and deterministic. Each sentence is scored by how much of the text's vocabulary it
// carries (the summed in-text frequencies of its distinct content words, divided by the square root of its length, the
// first sentence ×1.25); the best sentences that fit the target are kept, in their original order.
public sealed class ExtractiveCompressor : IMemoryCompressor
{
    public Task<string> CompressAsync(string text, int targetTokens, CancellationToken cancellationToken) =>
        Task.FromResult(Compress(text, targetTokens));

    public static string Compress(string text, int targetTokens)
    {
        text = text.Trim();
        if (Tokens.Estimate(text) <= targetTokens)
        {
            return text;
        }
        var sentences = MemoryText.Sentences(text);
        var frequency = MemoryText.ContentWords(text).GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ranked = sentences
            .Select((sentence, position) => (sentence, position, score: Score(sentence, position, frequency)))
            .OrderByDescending(s => s.score).ThenBy(s => s.position)
            .ToList();

        var kept = new List<(string Sentence, int Position)>();
        var used = 0;
        foreach (var (sentence, position, _) in ranked)
        {
            var cost = Tokens.Estimate(sentence);
            if (used + cost <= targetTokens)
            {
                kept.Add((sentence, position));
                used += cost;
            }
        }
        // Joining can merge a token at a seam now and then: drop the weakest kept sentence until the whole fits.
        while (kept.Count > 1 && Tokens.Estimate(Join(kept)) > targetTokens)
        {
            kept.RemoveAt(kept.Count - 1);
        }
        // Not even the best sentence fits: keep its beginning (two tokens spare for the ellipsis).
        return kept.Count == 0
            ? MemoryText.Truncate(ranked[0].sentence, Tokens.Truncate(ranked[0].sentence, Math.Max(1, targetTokens - 2)).Length)
            : Join(kept);
    }

    private static string Join(List<(string Sentence, int Position)> kept) =>
        string.Join(' ', kept.OrderBy(k => k.Position).Select(k => k.Sentence));

    private static double Score(string sentence, int position, Dictionary<string, int> frequency)
    {
        var words = MemoryText.Words(sentence).Count();
        if (words == 0)
        {
            return 0;
        }
        var carried = MemoryText.ContentWords(sentence).Distinct().Sum(w => frequency.GetValueOrDefault(w));
        return carried / Math.Sqrt(words) * (position == 0 ? 1.25 : 1.0);
    }
}
