using System.ComponentModel.DataAnnotations;

namespace Cairn.Memory;

// An OpenAI-compatible chat endpoint for the optional model-based classifier and compressor.
public sealed class MemoryChatOptions
{
    public const string Section = "Cairn:Memory:Chat";

    // The API base, e.g. https://NAME.openai.azure.com/openai/v1/, https://api.openai.com/v1,
    // http://127.0.0.1:11434/v1. Empty: no chat model.
    public Uri? Endpoint { get; set; }

    // The key (Azure OpenAI and OpenAI); Ollama ignores it. Keep it in Key Vault, never in a file.
    public string? ApiKey { get; set; }

    // The model, or on Azure the deployment name.
    public string Model { get; set; } = "";

    // Retries of a throttled (429) or failed (5xx, network) request.
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
