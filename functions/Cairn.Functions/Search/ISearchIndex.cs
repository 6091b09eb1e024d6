namespace Cairn.Search;

/// <summary>
/// The search port: one hybrid index of every searchable document (experiences, memories, engrams, sessions…),
/// told apart by <see cref="SearchDocument.Kind"/>. A keyword arm ranks by Okapi BM25 (k1 1.2, b 0.75) over
/// weighted text fields, a vector arm by cosine similarity, and the two are fused. Every filter applies inside
/// both arms, before their top-k cut. PostgreSQL locally, Azure AI Search in the cloud; both pass one
/// conformance suite. Callers embed texts themselves (with the app's embedding generator) and pass the vectors.
/// Invalid input throws <see cref="InvalidSearchInputException"/> with a message that says what to fix.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Adds the documents or replaces them by <see cref="SearchDocument.Id"/>, atomically as one batch.</summary>
    Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken);

    /// <summary>
    /// Changes only a document's status and quality (votes, outcomes, feedback): its text and vector stay as they are,
    /// so nothing is embedded again. Returns false when no document has that id.
    /// </summary>
    Task<bool> UpdateStatsAsync(string id, string? status, double? quality, CancellationToken cancellationToken);

    /// <summary>Removes a document; it is never returned again. Returns false when no document has that id.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the query: keyword arm when the text has words, vector arm when a vector is given, fused when both.
    /// Returns at most <see cref="SearchQuery.Limit"/> hits, best first; empty when there is nothing to search for.
    /// </summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);
}
