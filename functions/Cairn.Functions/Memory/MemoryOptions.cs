using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

// Agent memory settings (docs/memory.md lists each with its reason).
public sealed class MemoryOptions
{
    public const string Section = "Cairn:Memory";

    // Observations one agent may have waiting in the buffer; beyond it the oldest is classified early.
    [Range(10, 100_000)]
    public int BufferCapacity { get; set; } = 1_000;

    [Range(10, 100_000)]
    public int ProceduresCapacity { get; set; } = 500;

    [Range(10, 100_000)]
    public int PracticeCapacity { get; set; } = 500;

    [Range(10, 100_000)]
    public int LongTermCapacity { get; set; } = 2_000;

    [Range(10, 100_000)]
    public int ShocksCapacity { get; set; } = 200;

    // How long an observation waits for its session to end before the decay job classifies it anyway.
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan BufferTtl { get; set; } = TimeSpan.FromDays(1);

    // Due memories the decay job writes at once (each lane: one memory's document and search entry at a time).
    [Range(1, 32)]
    public int DecayParallelism { get; set; } = 4;

    // Word-set (Jaccard) similarity at which an observation reinforces a memory of the same ring instead of adding one.
    [Range(0.3, 1.0)]
    public double DuplicateSimilarity { get; set; } = 0.7;

    // Z-reports whose success rate is at least this are promoted to long-term memory by the promotion job.
    [Range(0.0, 1.0)]
    public double PromotionSuccessRate { get; set; } = 0.8;

    // Rules (deterministic, the default) or Chat (an OpenAI-compatible model; needs Cairn:Memory:Chat:Endpoint).
    public MemoryModelChoice Classifier { get; set; } = MemoryModelChoice.Rules;

    // Rules (extractive and deterministic, the default) or Chat (an OpenAI-compatible model; needs
    // Cairn:Memory:Chat:Endpoint).
    public MemoryModelChoice Compressor { get; set; } = MemoryModelChoice.Rules;

    // HMAC-SHA256 key of the collective pool, base64 of at least 32 bytes (Key Vault in Azure). Changing it orphans
    // every pattern and contribution. Empty: collective best practices are off (the CBP endpoints answer 503).
    public string CbpKey { get; set; } = "";

    // k of k-anonymity: distinct contributors a pattern needs before it is shown to anyone (at least 3).
    [Range(3, 1_000)]
    public int CbpMinContributors { get; set; } = 3;

    // Reinforcements a memory needs (it was observed this many more times) before its pattern is contributed.
    [Range(1, 100)]
    public int CbpMinReinforcements { get; set; } = 1;

    // Success rate a memory needs (with at least one success) before its pattern is contributed.
    [Range(0.0, 1.0)]
    public double CbpMinSuccessRate { get; set; } = 0.75;

    // Rejections (from distinct agents) after which a pattern whose success rate fell below 0.5 is no longer suggested.
    [Range(1, 1_000)]
    public int CbpSuppressAfterRejections { get; set; } = 3;

    public int Capacity(string ring) => ring switch
    {
        Rings.Buffer => BufferCapacity,
        Rings.Procedures => ProceduresCapacity,
        Rings.Practice => PracticeCapacity,
        Rings.LongTerm => LongTermCapacity,
        Rings.Shocks => ShocksCapacity,
        _ => throw new ArgumentOutOfRangeException(nameof(ring), ring, "Not a ring."),
    };
}

// Which implementation classifies or compresses: the deterministic rules, or a chat model.
public enum MemoryModelChoice
{
    // Deterministic rules: the rule classifier, the extractive compressor.
    Rules,

    // An OpenAI-compatible chat model (Cairn:Memory:Chat), falling back to the rules when it fails.
    Chat,
}

// Checks what data annotations cannot: the CBP key's format, and that Chat is chosen only with a chat endpoint.
internal sealed class MemoryOptionsValidator(IOptions<MemoryChatOptions> chat) : IValidateOptions<MemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryOptions options)
    {
        var failures = new List<string>();
        if (CbpKeys.Problem(options.CbpKey) is { } problem)
        {
            failures.Add(problem);
        }
        if ((options.Classifier == MemoryModelChoice.Chat || options.Compressor == MemoryModelChoice.Chat) && chat.Value.Endpoint is null)
        {
            failures.Add($"{MemoryOptions.Section}:Classifier or :Compressor is Chat, but {MemoryChatOptions.Section}:Endpoint is not set.");
        }
        if (chat.Value.Endpoint is not null && string.IsNullOrWhiteSpace(chat.Value.Model))
        {
            failures.Add($"{MemoryChatOptions.Section}:Endpoint is set, but {MemoryChatOptions.Section}:Model is empty: name the model (or, on Azure, the deployment).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
