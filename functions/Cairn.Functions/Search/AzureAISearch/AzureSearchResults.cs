using Azure.Search.Documents.Models;

namespace Cairn.Search.AzureAISearch;

// Pure mapping of a response to hits. A single-arm query reports that arm: BM25 as @search.score, or cosine similarity
// recovered from the vector score (Azure documents 1 / (1 + cosine distance) for the cosine metric). A hybrid query's
// score is Azure's RRF; the service does not say what each arm thought, so both arms are null.
public static class AzureSearchResults
{
    public static async Task<IReadOnlyList<SearchHit>> ToHitsAsync(
        SearchResults<AzureSearchHitRecord> results, AzureSearchQuery.Request request, CancellationToken cancellationToken)
    {
        var limit = request.Options.Size ?? SearchFields.MaxLimit;
        var hits = new List<SearchHit>(limit);
        await foreach (var result in results.GetResultsAsync().WithCancellation(cancellationToken))
        {
            if (hits.Count == limit)
            {
                break;
            }
            hits.Add(ToHit(result.Document.Id, result.Score ?? 0, hits.Count + 1, request));
        }
        return hits;
    }

    public static SearchHit ToHit(string id, double score, int rank, AzureSearchQuery.Request request)
    {
        if (request.Keyword && request.Vector)
        {
            return new SearchHit(id, score, null, null);
        }
        if (request.Keyword)
        {
            return new SearchHit(id, score, new ArmResult(rank, score), null);
        }
        var cosine = CosineFromScore(score);
        return new SearchHit(id, cosine, null, new ArmResult(rank, cosine));
    }

    // score = 1 / (1 + (1 − cosine)), so cosine = 2 − 1 / score.
    public static double CosineFromScore(double score) => score > 0 ? 2 - (1 / score) : -1;
}
