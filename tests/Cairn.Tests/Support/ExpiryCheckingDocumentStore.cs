using System.Text.Json;
using Cairn.Storage;

namespace Cairn.Tests.Support;

// The Cosmos DB test server never expires items by TTL, so under a fake clock a replace or delete could reach an item
// Azure would already have removed: this wrapper reads first and treats an item expired by the app's clock as absent.
public sealed class ExpiryCheckingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    public Task<Document<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        inner.ReadAsync<T>(container, partitionKey, id, cancellationToken);

    public Task<IReadOnlyList<Document<T>>> ReadManyAsync<T>(string container, IReadOnlyList<DocumentKey> keys, CancellationToken cancellationToken) =>
        inner.ReadManyAsync<T>(container, keys, cancellationToken);

    public Task<Document<T>> CreateAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        inner.CreateAsync(container, partitionKey, id, body, options, cancellationToken);

    public async Task<Document<T>> ReplaceAsync<T>(string container, string partitionKey, string id, T body, string ifMatch, WriteOptions? options, CancellationToken cancellationToken)
    {
        if (await inner.ReadAsync<JsonElement>(container, partitionKey, id, cancellationToken) is null)
        {
            throw new DocumentNotFoundException(container, id);
        }
        return await inner.ReplaceAsync(container, partitionKey, id, body, ifMatch, options, cancellationToken);
    }

    public Task<Document<T>> UpsertAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        inner.UpsertAsync(container, partitionKey, id, body, options, cancellationToken);

    public async Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken) =>
        await inner.ReadAsync<JsonElement>(container, partitionKey, id, cancellationToken) is not null
        && await inner.DeleteAsync(container, partitionKey, id, ifMatch, cancellationToken);

    public Task<DocumentPage<T>> QueryAsync<T>(DocumentQuery query, CancellationToken cancellationToken) => inner.QueryAsync<T>(query, cancellationToken);

    public Task<long> CountAsync(DocumentQuery query, CancellationToken cancellationToken) => inner.CountAsync(query, cancellationToken);
}
