using System.Net;
using Cairn.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Cairn.Search.Cosmos;

// The search port on a Cosmos DB container (docs/search.md, "Cosmos DB"): one item per document, BM25 by FullTextScore,
// cosine by VectorDistance, fused by Cosmos DB's RRF in one query. Cosmos DB does not return BM25 or RRF scores (they
// may not be projected), so ranked hits carry 1 / (60 + rank), the reciprocal-rank score; a vector-only hit its cosine
// similarity.
public sealed class CosmosSearchIndex(Container container, IOptions<SearchOptions> options, EmbeddingModelInfo model, ILogger<CosmosSearchIndex> logger) : ISearchIndex
{
    // Parallel point writes per batch: enough to hide round trips, few enough not to throttle a serverless account.
    private const int WriteParallelism = 8;

    private const int RrfK = 60;

    private readonly SearchOptions _options = options.Value;

    public async Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            SearchValidation.Validate(document, model.Dimensions);
        }
        // Validated whole before the first write; the writes themselves are per item (a transactional batch stops at one partition).
        var records = documents.Select(CosmosSearchRecord.From).ToList();
        await GuardAsync(() => Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            async (record, token) => await container.UpsertItemAsync(record, new PartitionKey(record.Pk), cancellationToken: token)), cancellationToken);
    }

    public async Task<bool> UpdateStatsAsync(string id, string? status, double? quality, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > SearchFields.MaxIdLength)
        {
            return false;
        }
        var key = CosmosSearchRecord.ItemId(id);
        return await GuardAsync(async () =>
        {
            try
            {
                // A patch of two fields: the stored text and vector are not sent again.
                await container.PatchItemAsync<CosmosSearchRecord>(key, new PartitionKey(key),
                    [PatchOperation.Set("/" + CosmosSearchRecord.Fields.Status, status), PatchOperation.Set("/" + CosmosSearchRecord.Fields.Quality, quality)], cancellationToken: cancellationToken);
                return true;
            }
            catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > SearchFields.MaxIdLength)
        {
            return false;
        }
        var key = CosmosSearchRecord.ItemId(id);
        return await GuardAsync(async () =>
        {
            try
            {
                using var response = await container.DeleteItemStreamAsync(key, new PartitionKey(key), cancellationToken: cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
                response.EnsureSuccessStatusCode();
                return true;
            }
            catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        SearchValidation.Validate(query, model.Dimensions);
        query = query with { Text = SearchText.Clean(query.Text), Vector = SearchText.NonZero(query.Vector) };
        if (query.Vector is null && CosmosSearchQuery.Terms(query.Text).Count == 0)
        {
            return [];
        }
        var request = CosmosSearchQuery.Build(query, _options.Fusion.Resolve(model.Provider), _options.Fusion.ResolveKeywordWeight(model.Provider, model.Model));
        var definition = new QueryDefinition(request.Sql);
        foreach (var (name, value) in request.Parameters)
        {
            definition = definition.WithParameter(name, value);
        }
        return await GuardAsync(async () =>
        {
            var hits = new List<SearchHit>(query.Limit);
            var charge = 0.0;
            using var iterator = container.GetItemQueryIterator<CosmosSearchHitRecord>(definition, requestOptions: new QueryRequestOptions { MaxItemCount = query.Limit });
            while (iterator.HasMoreResults && hits.Count < query.Limit)
            {
                var page = await iterator.ReadNextAsync(cancellationToken);
                charge += page.RequestCharge;
                foreach (var record in page)
                {
                    if (hits.Count < query.Limit)
                    {
                        hits.Add(ToHit(record, hits.Count + 1, request));
                    }
                }
            }
            // The figure docs/cost.md assumes: turn Debug on for Cairn.Search.Cosmos to measure it on a real account.
            logger.LogDebug("Cosmos DB search ({Arms}, limit {Limit}) cost {RequestCharge} RU",
                request.Keyword && request.Vector ? "hybrid" : request.Keyword ? "keyword" : "vector", query.Limit, charge);
            return (IReadOnlyList<SearchHit>)hits;
        }, cancellationToken);
    }

    // Pure: a result row as a hit, reporting the one arm that ran (a hybrid hit reports neither, as on Azure AI
    // Search).
    public static SearchHit ToHit(CosmosSearchHitRecord record, int rank, CosmosSearchQuery.Request request)
    {
        if (request.Vector && !request.Keyword)
        {
            var similarity = record.Similarity ?? 0;
            return new SearchHit(record.Key, similarity, null, new ArmResult(rank, similarity));
        }
        var score = 1.0 / (RrfK + rank);
        return request.Vector ? new SearchHit(record.Key, score, null, null) : new SearchHit(record.Key, score, new ArmResult(rank, score), null);
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (CosmosException exception) when (exception.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout)
        {
            throw new StorageUnavailableException($"Cosmos DB search is unavailable or throttling (status {(int)exception.StatusCode}) after the SDK's retries.", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new StorageUnavailableException("Cosmos DB is not reachable.", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException("Cosmos DB did not answer in time.", exception);
        }
    }

    private static async Task<bool> GuardAsync(Func<Task> action, CancellationToken cancellationToken) =>
        await GuardAsync(async () => { await action(); return true; }, cancellationToken);
}
