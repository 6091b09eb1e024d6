using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings.Local;

public sealed class LocalEmbedderOptions
{
    public const string Section = "Cairn:Embeddings:GloVe";

    // The file scripts/lib/embedder.sh writes (CAIRN_EMBEDDER_MODEL); keep the two names in step.
    public const string DefaultFileName = "glove-100d.bin";

    // Empty: models/glove-100d.bin beside the app, else the nearest .cairn/models/glove-100d.bin above it (a repo
    // checkout).
    public string? ModelPath { get; set; }

    // SIF's smoothing constant a; smaller values discount frequent words more.
    [Range(1e-7, 1.0)]
    public double SifA { get; set; } = SifWeighting.DefaultA;

    public bool RemoveCommonComponent { get; set; } = true;

    // The model file to load, or null with the places that were searched.
    public string? ResolveModelPath(string baseDirectory, out IReadOnlyList<string> searched)
    {
        var candidates = new List<string>();
        searched = candidates;
        if (!string.IsNullOrWhiteSpace(ModelPath))
        {
            candidates.Add(Path.GetFullPath(ModelPath, baseDirectory));
        }
        else
        {
            candidates.Add(Path.Combine(baseDirectory, "models", DefaultFileName));
            for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
            {
                candidates.Add(Path.Combine(directory.FullName, ".cairn", "models", DefaultFileName));
            }
        }

        return candidates.FirstOrDefault(File.Exists);
    }
}

// Fails start-up, saying how to fix it, when the model file is missing.
internal sealed class LocalEmbedderOptionsValidator : IValidateOptions<LocalEmbedderOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalEmbedderOptions options) =>
        options.ResolveModelPath(AppContext.BaseDirectory, out var searched) is null
            ? ValidateOptionsResult.Fail(MissingModelMessage(searched))
            : ValidateOptionsResult.Success;

    public static string MissingModelMessage(IReadOnlyList<string> searched) =>
        $"The local embedder's word-vector file was not found. Run scripts/lib/embedder.sh to build it, " +
        $"or set {LocalEmbedderOptions.Section}:ModelPath. Looked in: {string.Join(", ", searched)}.";
}
