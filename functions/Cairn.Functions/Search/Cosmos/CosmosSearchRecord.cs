using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Cairn.Search.Cosmos;

// A search document as stored in the Cosmos DB search container: partitioned by its own key, title and content in one
// full-text path (/text, their BM25 weights are equal), notes in another (/notes, half weight through RRF), the filter
// fields range-indexed, the vector under /vector (absent when the document has none).
public sealed record CosmosSearchRecord
{
    public const string Public = "public";
    public const string Private = "private";

    // Cosmos ids may not hold '/', '\', '?' or '#' and stop at 255 characters; other ids are hashed, behind a '~' no
    // raw id starts with.
    private const string HashedPrefix = "~";

    // The stored names: the properties below, the filter and ranking SQL, the patch and the index paths use these.
    public static class Fields
    {
        public const string Id = "id";
        public const string Pk = "pk";
        public const string Key = "key";
        public const string Kind = "kind";
        public const string Text = "text";
        public const string Notes = "notes";
        public const string Owner = "owner";
        public const string Visibility = "visibility";
        public const string Scope = "scope";
        public const string Domain = "domain";
        public const string Tools = "tools";
        public const string Status = "status";
        public const string Quality = "quality";
        public const string Vector = "vector";
    }

    [JsonPropertyName(Fields.Id)] public required string Id { get; init; }
    [JsonPropertyName(Fields.Pk)] public required string Pk { get; init; }
    // The caller's id, returned by searches.
    [JsonPropertyName(Fields.Key)] public required string Key { get; init; }
    [JsonPropertyName(Fields.Kind)] public required string Kind { get; init; }
    [JsonPropertyName(Fields.Text)] public string Text { get; init; } = "";
    [JsonPropertyName(Fields.Notes)] public string Notes { get; init; } = "";
    [JsonPropertyName(Fields.Owner), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Owner { get; init; }
    [JsonPropertyName(Fields.Visibility)] public required string Visibility { get; init; }
    [JsonPropertyName(Fields.Scope), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Scope { get; init; }
    [JsonPropertyName(Fields.Domain), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Domain { get; init; }
    [JsonPropertyName(Fields.Tools)] public IReadOnlyList<string> Tools { get; init; } = [];
    [JsonPropertyName(Fields.Status), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    [JsonPropertyName(Fields.Quality), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Quality { get; init; }
    // Left out, not null, when there is none: the vector arm skips items without one.
    [JsonPropertyName(Fields.Vector), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public float[]? Vector { get; init; }

    public static CosmosSearchRecord From(SearchDocument document)
    {
        var key = ItemId(document.Id);
        return new CosmosSearchRecord
        {
            Id = key,
            Pk = key,
            Key = document.Id,
            Kind = document.Kind,
            // A blank line between them, so the title's last word and the content's first never join into one token.
            Text = SearchText.Clean(document.Content.Length == 0 ? document.Title : $"{document.Title}\n\n{document.Content}"),
            Notes = SearchText.Clean(document.Notes),
            Owner = document.Owner,
            Visibility = document.Visibility == SearchVisibility.Private ? Private : Public,
            Scope = document.Scope,
            Domain = document.Domain,
            Tools = document.Tools,
            Status = document.Status,
            Quality = document.Quality,
            Vector = SearchText.NonZero(document.Vector)?.ToArray(),
        };
    }

    // The item id (and partition key) for a document id: itself when Cosmos accepts it, else '~' + SHA-256.
    public static string ItemId(string id)
    {
        var usable = id.Length is > 0 and <= 255
            && !id.StartsWith(HashedPrefix, StringComparison.Ordinal)
            && id.AsSpan().IndexOfAny("/\\?#") < 0
            && !id.Any(char.IsControl)
            && !char.IsWhiteSpace(id[^1]);
        return usable ? id : HashedPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }
}

// What a search reads back: the caller's id, and the cosine similarity when the vector arm ran alone.
public sealed record CosmosSearchHitRecord
{
    [JsonPropertyName(CosmosSearchRecord.Fields.Key)] public required string Key { get; init; }
    [JsonPropertyName("similarity")] public double? Similarity { get; init; }
}
