using Cairn.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Input.Fuzz;

// The app's document store, counting the writes that succeed: a refused request must leave the count where it was.
// Registration's rate-limit windows are not counted: they count attempts, refused ones included, until the quota counts
// only successes (issue 16).
public sealed class CountingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    private long _writes;

    public long Writes => Interlocked.Read(ref _writes);

    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDocumentStore));
        services.Remove(original);
        services.AddSingleton(sp => new CountingDocumentStore((IDocumentStore)original.ImplementationFactory!(sp)));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<CountingDocumentStore>());
    }

    public Task<Document<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        inner.ReadAsync<T>(container, partitionKey, id, cancellationToken);

    public Task<IReadOnlyList<Document<T>>> ReadManyAsync<T>(string container, IReadOnlyList<DocumentKey> keys, CancellationToken cancellationToken) =>
        inner.ReadManyAsync<T>(container, keys, cancellationToken);

    public Task<Document<T>> CreateAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        Counted(container, inner.CreateAsync(container, partitionKey, id, body, options, cancellationToken));

    public Task<Document<T>> ReplaceAsync<T>(string container, string partitionKey, string id, T body, string ifMatch, WriteOptions? options, CancellationToken cancellationToken) =>
        Counted(container, inner.ReplaceAsync(container, partitionKey, id, body, ifMatch, options, cancellationToken));

    public Task<Document<T>> UpsertAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        Counted(container, inner.UpsertAsync(container, partitionKey, id, body, options, cancellationToken));

    public async Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteAsync(container, partitionKey, id, ifMatch, cancellationToken);
        if (deleted && container != Containers.RateLimits)
        {
            Interlocked.Increment(ref _writes);
        }
        return deleted;
    }

    public Task<DocumentPage<T>> QueryAsync<T>(DocumentQuery query, CancellationToken cancellationToken) => inner.QueryAsync<T>(query, cancellationToken);

    public Task<long> CountAsync(DocumentQuery query, CancellationToken cancellationToken) => inner.CountAsync(query, cancellationToken);

    private async Task<Document<T>> Counted<T>(string container, Task<Document<T>> write)
    {
        var document = await write;
        if (container != Containers.RateLimits)
        {
            Interlocked.Increment(ref _writes);
        }
        return document;
    }
}
