using System.ComponentModel.DataAnnotations;

namespace Cairn.Embeddings.OpenAI;

/// <summary>Any OpenAI-compatible embeddings endpoint: Azure OpenAI's v1 API, OpenAI itself, or a local Ollama.</summary>
public sealed class OpenAIEmbedderOptions
{
    public const string Section = "Cairn:Embeddings:OpenAI";

    /// <summary>The API base, e.g. https://NAME.openai.azure.com/openai/v1/, https://api.openai.com/v1, http://127.0.0.1:11434/v1.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>The key (Azure OpenAI and OpenAI); Ollama ignores it. Keep it in Key Vault or user secrets, never in a file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model, or on Azure the deployment name.</summary>
    [Required]
    public string Model { get; set; } = "";

    /// <summary>The size of the vectors; the search index is built for it, and every response is checked against it.</summary>
    [Range(1, 16_000)]
    public int Dimensions { get; set; }

    /// <summary>Send <c>dimensions</c> with each request (text-embedding-3 can shorten its vectors); off for models that reject it.</summary>
    public bool RequestDimensions { get; set; } = true;

    /// <summary>Texts per request; the API takes up to 2,048 (and ~300k tokens) per call.</summary>
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Retries of a throttled (429) or failed (5xx, network) request, with exponential back-off that honours Retry-After.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a query's embedding: a search waits for it, and a caller told 503 with Retry-After retries itself.</summary>
    [Range(0, 10)]
    public int QueryRetries { get; set; }

    /// <summary>How long a search waits for its query's embedding before answering 503 <c>embedder_unavailable</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
