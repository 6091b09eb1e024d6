using Azure;
using Azure.Search.Documents;
using Azure.Search.Documents.Models;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Search.AzureAISearch;

// The search port on Azure AI Search: uploads in batches, one request per query (hybrid when it has words and a
// vector), every failure translated at this edge. Writes become searchable within about a second (the service refreshes
// its index asynchronously), and a multi-request batch is not atomic: docs/search.md, "Azure AI Search".
public sealed class AzureAISearchIndex(SearchClient client, IOptions<SearchOptions> options, EmbeddingModelInfo model) : ISearchIndex
{
    private readonly SearchOptions _options = options.Value;

    public async Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            SearchValidation.Validate(document, model.Dimensions);
        }
        // Encoded before anything is sent, so an id that cannot be a key fails the batch before it starts.
        var records = documents.Select(AzureSearchRecord.From).ToList();
        foreach (var batch in AzureSearchBatches.Split(records))
        {
            var result = await CallAsync(() => client.IndexDocumentsAsync(IndexDocumentsBatch.Upload(batch), new IndexDocumentsOptions(), cancellationToken), cancellationToken);
            AzureSearchErrors.ThrowOnFailures(result.Value);
        }
    }

    public async Task<bool> UpdateStatsAsync(string id, string? status, double? quality, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > SearchFields.MaxIdLength)
        {
            return false;
        }
        // A merge sends only these fields; the stored text and vector are left alone.
        var fields = new Azure.Search.Documents.Models.SearchDocument
        {
            [AzureSearchSchema.Key] = AzureSearchKeys.Encode(id),
            [AzureSearchSchema.Status] = status,
            [AzureSearchSchema.Quality] = quality,
        };
        var result = await CallAsync(() => client.IndexDocumentsAsync(IndexDocumentsBatch.Merge([fields]), new IndexDocumentsOptions { ThrowOnAnyError = false }, cancellationToken), cancellationToken);
        if (result.Value.Results is [{ Status: 404 }])
        {
            return false;
        }
        AzureSearchErrors.ThrowOnFailures(result.Value);
        return true;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        // No such document can have been written (upserts validate ids), and an empty key is not a valid request.
        if (string.IsNullOrEmpty(id) || id.Length > SearchFields.MaxIdLength)
        {
            return false;
        }
        var key = AzureSearchKeys.Encode(id);
        // Azure deletes a missing key without complaint, so whether it existed takes a look-up first.
        var existed = await CallAsync(async () =>
        {
            try
            {
                await client.GetDocumentAsync<AzureSearchHitRecord>(key, new GetDocumentOptions { SelectedFields = { AzureSearchSchema.Id } }, cancellationToken);
                return true;
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // A missing index answers 404 too; the delete below then fails with the index named.
                return false;
            }
        }, cancellationToken);
        var result = await CallAsync(() => client.IndexDocumentsAsync(IndexDocumentsBatch.Delete(AzureSearchSchema.Key, [key]), new IndexDocumentsOptions(), cancellationToken), cancellationToken);
        AzureSearchErrors.ThrowOnFailures(result.Value);
        return existed;
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        SearchValidation.Validate(query, model.Dimensions);
        query = query with { Text = SearchText.Clean(query.Text), Vector = SearchText.NonZero(query.Vector) };
        if (SearchValidation.IsEmpty(query))
        {
            return [];
        }
        var request = AzureSearchQuery.Build(query, _options.CandidatesPerArm);
        return await CallAsync(async () =>
        {
            var response = await client.SearchAsync<AzureSearchHitRecord>(request.Text, request.Options, cancellationToken);
            return await AzureSearchResults.ToHitsAsync(response.Value, request, cancellationToken);
        }, cancellationToken);
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (AzureSearchErrors.Translate(exception, client.IndexName) is { } translated)
        {
            throw translated;
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The SDK cancels a request that outlives its network timeout; the caller did not ask for that.
            throw new StorageUnavailableException("Azure AI Search did not answer in time.", exception);
        }
    }
}
