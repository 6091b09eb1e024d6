namespace Cairn.Search;

/// <summary>
/// A searchable document. Text goes in three fields of fixed weight (<see cref="SearchFields"/>): a short
/// <see cref="Title"/> (an experience's goal, an engram's statement), the <see cref="Content"/>, and
/// <see cref="Notes"/> that should count for less. The rest is filterable metadata.
/// </summary>
public sealed record SearchDocument(string Id, string Kind)
{
    public string Title { get; init; } = "";

    public string Content { get; init; } = "";

    public string Notes { get; init; } = "";

    /// <summary>The agent that owns the document; private documents are visible only to it.</summary>
    public string? Owner { get; init; }

    public SearchVisibility Visibility { get; init; } = SearchVisibility.Public;

    /// <summary>A scope such as "global" or "project:cairn"; free-form, matched exactly.</summary>
    public string? Scope { get; init; }

    public string? Domain { get; init; }

    public IReadOnlyList<string> Tools { get; init; } = [];

    public string? Status { get; init; }

    /// <summary>The quality score in [0, 1], filterable with <see cref="SearchFilter.MinQuality"/>.</summary>
    public double? Quality { get; init; }

    /// <summary>The embedding of the document's text by the index's model; null (or the zero vector) leaves it out of the vector arm.</summary>
    public ReadOnlyMemory<float>? Vector { get; init; }

    /// <summary>The text <see cref="Vector"/> was embedded from, kept so the index can re-embed it when the model changes.</summary>
    public string? VectorText { get; init; }
}

/// <summary>Who may see a document: everyone, or only its <see cref="SearchDocument.Owner"/>.</summary>
public enum SearchVisibility
{
    Public,
    Private,
}

/// <summary>The text fields, their BM25 weights and the input limits, shared by every backend so that they rank alike.</summary>
public static class SearchFields
{
    public const double TitleWeight = 1.0;
    public const double ContentWeight = 1.0;
    public const double NotesWeight = 0.5;

    /// <summary>Title + content + notes, in characters; keeps every word's position inside PostgreSQL's tsvector range.</summary>
    public const int MaxDocumentTextLength = 65_536;

    /// <summary>Query text, in characters (~600 words: room for a pasted error message); each extra word costs the keyword arm a posting scan.</summary>
    public const int MaxQueryLength = 4_096;

    public const int MaxIdLength = 256;

    public const int MaxLimit = 100;
}
