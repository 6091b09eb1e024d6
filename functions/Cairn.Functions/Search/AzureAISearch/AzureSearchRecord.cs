using System.Text.Json.Serialization;

namespace Cairn.Search.AzureAISearch;

// A document as the index stores it; the names are pinned, whatever the serializer's naming policy.
public sealed class AzureSearchRecord
{
    [JsonPropertyName(AzureSearchSchema.Key)]
    public required string Key { get; init; }

    [JsonPropertyName(AzureSearchSchema.Id)]
    public required string Id { get; init; }

    [JsonPropertyName(AzureSearchSchema.Kind)]
    public required string Kind { get; init; }

    [JsonPropertyName(AzureSearchSchema.Title)]
    public string Title { get; init; } = "";

    [JsonPropertyName(AzureSearchSchema.Content)]
    public string Content { get; init; } = "";

    [JsonPropertyName(AzureSearchSchema.Notes)]
    public string Notes { get; init; } = "";

    [JsonPropertyName(AzureSearchSchema.Owner)]
    public string? Owner { get; init; }

    [JsonPropertyName(AzureSearchSchema.Visibility)]
    public required string Visibility { get; init; }

    [JsonPropertyName(AzureSearchSchema.Scope)]
    public string? Scope { get; init; }

    [JsonPropertyName(AzureSearchSchema.Domain)]
    public string? Domain { get; init; }

    [JsonPropertyName(AzureSearchSchema.Tools)]
    public IReadOnlyList<string> Tools { get; init; } = [];

    [JsonPropertyName(AzureSearchSchema.Status)]
    public string? Status { get; init; }

    [JsonPropertyName(AzureSearchSchema.Quality)]
    public double? Quality { get; init; }

    // Left out when null: an upload replaces the whole document, so the field becomes empty.
    [JsonPropertyName(AzureSearchSchema.Vector)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float[]? Vector { get; init; }

    // Texts cleaned and a zero vector dropped exactly as PostgreSQL does, so both backends index the same thing.
    public static AzureSearchRecord From(SearchDocument document) => new()
    {
        Key = AzureSearchKeys.Encode(document.Id),
        Id = document.Id,
        Kind = document.Kind,
        Title = SearchText.Clean(document.Title),
        Content = SearchText.Clean(document.Content),
        Notes = SearchText.Clean(document.Notes),
        Owner = document.Owner,
        Visibility = AzureSearchFilter.VisibilityValue(document.Visibility),
        Scope = document.Scope,
        Domain = document.Domain,
        Tools = document.Tools,
        Status = document.Status,
        Quality = document.Quality,
        Vector = SearchText.NonZero(document.Vector)?.ToArray(),
    };
}

// What a search returns per hit: the id (the score comes alongside, as @search.score).
public sealed record AzureSearchHitRecord([property: JsonPropertyName(AzureSearchSchema.Id)] string Id);
