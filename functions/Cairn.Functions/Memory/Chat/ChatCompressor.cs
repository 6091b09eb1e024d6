using Cairn.Engrams;
using Microsoft.Extensions.AI;

namespace Cairn.Memory;

// Asks a chat model to compress; its answer is held to the token target by the extractive compressor, and any failure
// falls back to extractive compression, so the target always holds.
public sealed class ChatCompressor(IChatClient chat, ILogger<ChatCompressor> logger) : IMemoryCompressor
{
    public async Task<string> CompressAsync(string text, int targetTokens, CancellationToken cancellationToken)
    {
        if (Tokens.Estimate(text.Trim()) <= targetTokens)
        {
            return text.Trim();
        }
        var words = Math.Max(5, targetTokens * 3 / 4);
        try
        {
            var response = await chat.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, $"Compress the user's note to at most {words} words. Keep names, commands, numbers and the outcome; drop the rest. Answer with the compressed note only."),
                new ChatMessage(ChatRole.User, text),
            ], new ChatOptions { Temperature = 0, MaxOutputTokens = targetTokens * 2 }, cancellationToken);
            if (response.Text.Trim() is { Length: > 0 } compressed)
            {
                return ExtractiveCompressor.Compress(compressed, targetTokens);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "The chat compressor failed; compressing extractively.");
        }
        return ExtractiveCompressor.Compress(text, targetTokens);
    }
}
