using System.Security.Cryptography;
using System.Text;
using Azure.Search.Documents.Indexes.Models;

namespace Cairn.Search.AzureAISearch;

// The index definition, built from SearchDocument's fields and SearchFields' weights: text fields searchable with the
// English Lucene analyzer, metadata filterable, one cosine HNSW vector field. The vector profile's name records the
// embedding model (API 2023-11-01 has no index metadata), so a start with another model is refused like on PostgreSQL.
// Pure: tested without a service.
public static class AzureSearchSchema
{
    public const string Key = "key";
    public const string Id = "id";
    public const string Kind = "kind";
    public const string Title = "title";
    public const string Content = "content";
    public const string Notes = "notes";
    public const string Owner = "owner";
    public const string Visibility = "visibility";
    public const string Scope = "scope";
    public const string Domain = "domain";
    public const string Tools = "tools";
    public const string Status = "status";
    public const string Quality = "quality";
    public const string Vector = "vector";

    // Scoring profile names allow letters, digits and '_' only.
    public const string WeightsProfile = "cairn_field_weights";

    public const string HnswConfiguration = "cairn-hnsw";

    public static readonly IReadOnlyList<string> TextFields = [Title, Content, Notes];

    public static SearchIndex Build(string indexName, EmbeddingModelInfo model)
    {
        var index = new SearchIndex(indexName)
        {
            Fields =
            {
                new SimpleField(Key, SearchFieldDataType.String) { IsKey = true, IsFilterable = true },
                new SimpleField(Id, SearchFieldDataType.String) { IsFilterable = true },
                Filterable(Kind),
                Text(Title),
                Text(Content),
                Text(Notes),
                Filterable(Owner),
                Filterable(Visibility),
                Filterable(Scope),
                Filterable(Domain),
                new SimpleField(Tools, SearchFieldDataType.Collection(SearchFieldDataType.String)) { IsFilterable = true },
                Filterable(Status),
                new SimpleField(Quality, SearchFieldDataType.Double) { IsFilterable = true },
                // Hidden: results carry ids only, and a vector is kilobytes of JSON.
                new VectorSearchField(Vector, model.Dimensions, ProfileName(model)) { IsHidden = true },
            },
            // BM25 as on PostgreSQL; these are also the service's defaults.
            Similarity = new BM25Similarity { K1 = 1.2, B = 0.75 },
            ScoringProfiles =
            {
                new ScoringProfile(WeightsProfile)
                {
                    TextWeights = new TextWeights(new Dictionary<string, double>
                    {
                        [Title] = SearchFields.TitleWeight,
                        [Content] = SearchFields.ContentWeight,
                        [Notes] = SearchFields.NotesWeight,
                    }),
                },
            },
            DefaultScoringProfile = WeightsProfile,
            VectorSearch = new VectorSearch
            {
                // The service's documented defaults (m 4, efConstruction 400, efSearch 500), written out so the definition says what it is.
                Algorithms = { new HnswAlgorithmConfiguration(HnswConfiguration) { Parameters = new HnswParameters { M = 4, EfConstruction = 400, EfSearch = 500, Metric = VectorSearchAlgorithmMetric.Cosine } } },
                Profiles = { new VectorSearchProfile(ProfileName(model), HnswConfiguration) },
            },
        };
        return index;
    }

    // cairn-model-<readable slug>-<8 hex of SHA-256(model id)>: lower-case letters, digits and '-' only, which every
    // Azure object name accepts; the hash tells apart ids that slug alike ("a=0.1" and "a-0-1").
    public static string ProfileName(EmbeddingModelInfo model)
    {
        var slug = new StringBuilder();
        foreach (var c in model.Model.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep || (slug.Length > 0 && slug[^1] != '-'))
            {
                slug.Append(keep ? c : '-');
            }
        }
        var readable = slug.ToString(0, Math.Min(slug.Length, 64)).Trim('-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model.Model)))[..8];
        return readable.Length == 0 ? $"cairn-model-{hash}" : $"cairn-model-{readable}-{hash}";
    }

    // Why an existing index cannot serve this model, or null when it can.
    public static string? Mismatch(SearchIndex existing, EmbeddingModelInfo model)
    {
        var expected = Build(existing.Name, model);
        var missing = expected.Fields.Select(f => f.Name).Except(existing.Fields.Select(f => f.Name), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return $"The Azure AI Search index '{existing.Name}' lacks the fields {string.Join(", ", missing)}: it is not a Cairn index, or one of an " +
                $"older schema. Set {SearchOptions.Section}:IndexName to a new name (the index is created at start-up) and re-index, or delete the index.";
        }
        var vector = existing.Fields.Single(f => f.Name == Vector);
        var profile = ProfileName(model);
        if (vector.VectorSearchDimensions == model.Dimensions && vector.VectorSearchProfileName == profile)
        {
            return null;
        }
        return
            $"The Azure AI Search index '{existing.Name}' holds {vector.VectorSearchDimensions}-dimensional vectors of the embedding model recorded " +
            $"as '{vector.VectorSearchProfileName}', but Cairn:Embeddings now configures '{model.Model}' ({model.Dimensions} dimensions, recorded as " +
            $"'{profile}'). Vectors of different models cannot be compared. Restore the previous embedding settings, or build a new index for the " +
            "new model as docs/search.md (\"Azure AI Search\", \"Changing the embedding model\") describes.";
    }

    private static SimpleField Filterable(string name) => new(name, SearchFieldDataType.String) { IsFilterable = true };

    private static SearchableField Text(string name) => new(name) { AnalyzerName = LexicalAnalyzerName.EnLucene };
}
