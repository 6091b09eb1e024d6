namespace Cairn.Search;

// Checks documents and queries against SearchFields limits, so every backend refuses the same input the same way.
public static class SearchValidation
{
    public static void Validate(SearchDocument document, int? dimensions)
    {
        Require(!string.IsNullOrWhiteSpace(document.Id), "A search document needs an id.");
        Require(document.Id.Length <= SearchFields.MaxIdLength, $"The document id is {document.Id.Length} characters long; the limit is {SearchFields.MaxIdLength}.");
        Require(!string.IsNullOrWhiteSpace(document.Kind), $"Search document '{document.Id}' needs a kind.");
        var length = document.Title.Length + document.Content.Length + document.Notes.Length;
        Require(length <= SearchFields.MaxDocumentTextLength,
            $"Search document '{document.Id}' has {length} characters of text; the limit is {SearchFields.MaxDocumentTextLength}. Index a summary instead.");
        Require(document.Visibility != SearchVisibility.Private || document.Owner is not null, $"Private search document '{document.Id}' needs an owner.");
        Require(document.Quality is null || double.IsFinite(document.Quality.Value), $"Search document '{document.Id}' has a quality that is not a number.");
        if (document.Vector is { } vector)
        {
            ValidateVector(vector, dimensions, $"Search document '{document.Id}'");
        }
    }

    public static void Validate(SearchQuery query, int? dimensions)
    {
        Require(query.Text is not null, "The query text must not be null; pass \"\" to search by vector only.");
        Require(query.Text!.Length <= SearchFields.MaxQueryLength,
            $"The query text is {query.Text.Length} characters long; the limit is {SearchFields.MaxQueryLength}. Search with the key words only.");
        Require(query.Limit is >= 1 and <= SearchFields.MaxLimit, $"The limit must be between 1 and {SearchFields.MaxLimit}; it was {query.Limit}.");
        Require(query.Filter.MinQuality is null || double.IsFinite(query.Filter.MinQuality.Value), "The minimum quality must be a number.");
        if (query.Vector is { } vector)
        {
            ValidateVector(vector, dimensions, "The query");
        }
    }

    // True when the query has nothing to search for: no words and no vector.
    public static bool IsEmpty(SearchQuery query) => string.IsNullOrWhiteSpace(query.Text) && query.Vector is null;

    private static void ValidateVector(ReadOnlyMemory<float> vector, int? dimensions, string subject)
    {
        Require(dimensions is not null, $"{subject} has a vector, but the index has no embedding model yet.");
        Require(vector.Length == dimensions, $"{subject} has a vector of {vector.Length} dimensions; the index holds {dimensions}-dimensional vectors of its embedding model.");
        foreach (var value in vector.Span)
        {
            Require(float.IsFinite(value), $"{subject} has a vector with a value that is not a finite number.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidSearchInputException(message);
        }
    }
}
