using System.Text.Json.Nodes;

namespace Cairn.Storage;

// Deletes whole partitions (an experience with its reports and votes, a session with its entries): what a delete by the
// owner means.
public static class PartitionPurge
{
    // Deletes every document of one partition, page by page; returns how many went. Safe to run again after a crash.
    public static async Task<int> DeleteAllAsync(this IDocumentStore store, string container, string partitionKey, CancellationToken cancellationToken)
    {
        var deleted = 0;
        DocumentPage<JsonObject> page;
        do
        {
            // Always the first page: what was on it is gone.
            page = await store.QueryAsync<JsonObject>(new DocumentQuery(container) { PartitionKey = partitionKey, Limit = 100 }, cancellationToken);
            var before = deleted;
            foreach (var document in page.Items)
            {
                deleted += await store.DeleteAsync(container, partitionKey, document.Id, null, cancellationToken) ? 1 : 0;
            }
            if (deleted == before)
            {
                break; // only documents someone else deleted meanwhile (or expired ones): nothing left to do
            }
        }
        while (page.Items.Count > 0);
        return deleted;
    }

    // Deletes the documents a query finds (one agent's items across partitions), page by page.
    public static async Task<int> DeleteWhereAsync(this IDocumentStore store, DocumentQuery query, CancellationToken cancellationToken)
    {
        var deleted = 0;
        DocumentPage<JsonObject> page;
        do
        {
            page = await store.QueryAsync<JsonObject>(query with { Limit = 100, ContinuationToken = null }, cancellationToken);
            var before = deleted;
            foreach (var document in page.Items)
            {
                deleted += await store.DeleteAsync(query.Container, document.PartitionKey, document.Id, null, cancellationToken) ? 1 : 0;
            }
            if (deleted == before)
            {
                break;
            }
        }
        while (page.Items.Count > 0);
        return deleted;
    }
}
