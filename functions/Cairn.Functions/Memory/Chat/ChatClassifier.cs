using Microsoft.Extensions.AI;

namespace Cairn.Memory;

// Asks a chat model for the ring; any failure or an answer that is not exactly one ring name falls back to the rules,
// so a model outage never stops memory from being classified.
public sealed class ChatClassifier(IChatClient chat, ILogger<ChatClassifier> logger) : IMemoryClassifier
{
    internal const string Instructions = """
        You sort an AI agent's observations into memory rings. Answer with exactly one word:
        procedures - how to do something: steps, commands, tool use that worked;
        practice - a habit or lesson: what to prefer, what to avoid, what went wrong;
        long_term - a fact, preference or decision worth remembering;
        shocks - a severe failure or surprise (data loss, outage, security) that must never be forgotten.
        """;

    public async Task<string> ClassifyAsync(MemoryItem observation, CancellationToken cancellationToken)
    {
        var prompt = $"Type hint: {observation.Type ?? "none"}. Tool: {observation.ToolName ?? "none"}. " +
            $"Outcome: {Outcome(observation.Outcomes)}.\nObservation:\n{observation.Content}";
        try
        {
            var response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { Temperature = 0, MaxOutputTokens = 5 }, cancellationToken);
            var answer = response.Text.Trim().Trim('.', '"', '\'', '`').ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
            if (Rings.Classified.Contains(answer))
            {
                return answer;
            }
            logger.LogWarning("The chat classifier answered '{Answer}', not a ring; the rules decide.", MemoryText.Truncate(answer, 40));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "The chat classifier failed; the rules decide.");
        }
        return RuleClassifier.Classify(observation.Content, observation.Type, observation.Outcomes, observation.ToolName);
    }

    private static string Outcome(MemoryOutcomes o) =>
        o.Success > 0 ? ObservationOutcomes.Success : o.Failure > 0 ? ObservationOutcomes.Failure : o.Partial > 0 ? ObservationOutcomes.Partial : "none";
}
