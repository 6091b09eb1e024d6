using System.ComponentModel.DataAnnotations;

namespace Cairn.Search;

public sealed class SearchOptions : IValidatableObject
{
    public const string Section = "Cairn:Search";

    /// <summary>Postgres locally (the default); in Azure, Cosmos (a container in the Cairn:Cosmos account) or AzureAISearch (needs <see cref="Endpoint"/>).</summary>
    public SearchProvider Provider { get; set; } = SearchProvider.Postgres;

    /// <summary>Azure AI Search service, https://&lt;service&gt;.search.windows.net; required with AzureAISearch.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Azure AI Search admin key; empty = the app's managed identity (the only choice in Azure, where keys are disabled).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azure AI Search index, created at start-up when missing; it is bound to one embedding model.</summary>
    public string IndexName { get; set; } = "cairn";

    /// <summary>Cosmos: the search container in the Cairn:Cosmos database; created at start-up when missing and an account key allows it.</summary>
    public string CosmosContainer { get; set; } = "search";

    /// <summary>Cosmos: the vector index of a container the app creates (in Azure, infra's searchVectorIndexType decides).</summary>
    public Cosmos.CosmosVectorIndex CosmosVectorIndex { get; set; } = Cosmos.CosmosVectorIndex.QuantizedFlat;

    /// <summary>Bound in place (no setter), under its own <see cref="FusionOptions.Section"/>.</summary>
    public FusionOptions Fusion { get; } = new();

    /// <summary>How many results each arm hands to fusion (at least the query's limit).</summary>
    [Range(10, 1000)]
    public int CandidatesPerArm { get; set; } = 50;

    /// <summary>PostgreSQL: a hybrid search whose filter at most this many documents pass ranks their vectors exactly instead of walking HNSW (0: never).</summary>
    // Measured at 100k documents: the exact pass (~5 µs a passing row) and HNSW's walk (~1.9 ms ÷ the share passing) cross near 6,000.
    [Range(0, 1_000_000)]
    public int ExactVectorSearchUpTo { get; set; } = 5_000;

    /// <summary>PostgreSQL: keep each document's vector int8-quantised in the keyword mirror, to rank a filtered hybrid search's passing documents in process (false: never).</summary>
    public bool MirrorVectors { get; set; } = true;

    /// <summary>PostgreSQL: the most int8 codes (passing documents × dimensions) a filtered hybrid search scores in process; above it HNSW walks.</summary>
    // Measured at 100k documents: see docs/search.md, "The vector arm" (the in-process pass against HNSW's walk).
    [Range(0, long.MaxValue)]
    public long MirroredVectorScanUpTo { get; set; } = 8_000_000;

    // Data annotations do not descend into nested objects by themselves.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Fusion, new ValidationContext(Fusion), results, validateAllProperties: true);
        var fusion = results.Select(r => new ValidationResult($"Fusion: {r.ErrorMessage}", r.MemberNames.Select(m => $"Fusion.{m}")));
        return Provider switch
        {
            SearchProvider.AzureAISearch => fusion.Concat(AzureAISearch.AzureSearchSettings.Validate(this)),
            SearchProvider.Cosmos => fusion.Concat(Cosmos.CosmosSearchSettings.Validate(this)),
            _ => fusion,
        };
    }
}

public sealed class FusionOptions
{
    public const string Section = "Cairn:Search:Fusion";

    /// <summary>GloVe's weight on BM25: a weak embedder needs BM25's confidence (docs/search.md, "Fusion").</summary>
    public const double GloVeKeywordWeight = 0.8;

    /// <summary>MiniLM's weight on BM25: best or within 0.005 of best on both dev sets (docs/search.md, "Fusion").</summary>
    public const double SentenceModelKeywordWeight = 0.4;

    /// <summary>arctic-embed-xs's weight on BM25: best on both dev sets, and what conversational memory data preferred.</summary>
    public const double ArcticKeywordWeight = 0.5;

    /// <summary>Null picks by embedder: <see cref="FusionMethod.Convex"/> for the built-in ones, <see cref="FusionMethod.Rrf"/> otherwise.</summary>
    public FusionMethod? Method { get; set; }

    /// <summary>Convex fusion: the weight of the min-max-normalised BM25 score; the vector score gets the rest. Null picks by embedder.</summary>
    [Range(0.0, 1.0)]
    public double? KeywordWeight { get; set; }

    /// <summary>How convex fusion puts the two arms' scores on one scale (docs/search.md, "Fusion").</summary>
    public ScoreNormalization Normalization { get; set; } = ScoreNormalization.MinMax;

    /// <summary>Reciprocal rank fusion's k: each arm adds 1 / (k + rank).</summary>
    [Range(1, 1000)]
    public int RrfK { get; set; } = 60;

    public FusionMethod Resolve(string? embedderProvider) =>
        Method ?? (embedderProvider is Embeddings.Local.LocalEmbeddingGenerator.ProviderName or Embeddings.Onnx.SentenceEmbeddingGenerator.ProviderName
            ? FusionMethod.Convex : FusionMethod.Rrf);

    public double ResolveKeywordWeight(string? embedderProvider, string? model = null) =>
        KeywordWeight ?? (embedderProvider == Embeddings.Local.LocalEmbeddingGenerator.ProviderName ? GloVeKeywordWeight
            : model == Embeddings.Onnx.SentenceModel.ArcticXs.ModelId ? ArcticKeywordWeight
            : SentenceModelKeywordWeight);
}

public enum SearchProvider
{
    Postgres,
    AzureAISearch,
    Cosmos,
}

public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: robust when both arms are strong; ignores score gaps.</summary>
    Rrf,

    /// <summary>A weighted sum of normalised scores: keeps BM25's confidence, which a weak embedder needs.</summary>
    Convex,
}

public enum ScoreNormalization
{
    /// <summary>(score − lowest) / (highest − lowest) over each arm's candidates: the lowest candidate counts as 0.</summary>
    MinMax,

    /// <summary>BM25 over the best BM25 of the query; cosine as it is (0 to 1): a query the embedder cannot place leans on keywords.</summary>
    AbsoluteCosine,

    /// <summary>
    /// Each score divided by the best of its arm (BM25 and cosine both have 0 as their floor). Documents the vector
    /// arm finds all alike stay apart by how alike they are to the query, instead of all counting as the best.
    /// </summary>
    TheoreticalMinMax,
}
