using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Cairn.Serialization;
using Microsoft.Azure.Cosmos;

namespace Cairn.Storage.Cosmos;

/// <summary>
/// The documents port on Cosmos DB for NoSQL: one container per logical container, partition key <c>/pk</c>,
/// stream APIs (no exceptions on expected statuses, bodies serialised by Cairn's own JSON options).
/// Expiry: Azure deletes by native TTL; <c>expires_at</c> is checked against the injected clock on reads and
/// queries too, so every backend behaves alike under a fake clock.
/// </summary>
public sealed class CosmosDocumentStore(Database database, TimeProvider clock) : IDocumentStore
{
    // A create that meets an expired item replaces it; a racing writer can make that miss a few times.
    private const int CreateAttempts = 3;

    private readonly ConcurrentDictionary<string, Container> _containers = new(StringComparer.Ordinal);

    public Task<Document<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var item = await ReadItemAsync<T>(container, partitionKey, id, cancellationToken);
            return item is null || item.IsExpired(clock.GetUtcNow()) ? null : item.ToDocument();
        }, cancellationToken);

    public Task<IReadOnlyList<Document<T>>> ReadManyAsync<T>(string container, IReadOnlyList<DocumentKey> keys, CancellationToken cancellationToken) =>
        Guard<IReadOnlyList<Document<T>>>(async () =>
        {
            var distinct = DocumentKey.Distinct(keys);
            if (distinct.Count == 0)
            {
                return [];
            }
            var items = distinct.Select(key => (CosmosItem.EncodeId(key.Id), new PartitionKey(key.PartitionKey))).ToList();
            using var response = await Container(container).ReadManyItemsStreamAsync(items, cancellationToken: cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response, container, null);
            }
            var page = await JsonSerializer.DeserializeAsync<CosmosPage<T>>(response.Content, Serialization.CairnJson.Options, cancellationToken);
            var now = clock.GetUtcNow();
            var found = page!.Documents.Where(item => !item.IsExpired(now)).Select(item => item.ToDocument())
                .ToDictionary(document => new DocumentKey(document.PartitionKey, document.Id));
            return distinct.Select(key => found.GetValueOrDefault(key)).OfType<Document<T>>().ToList();
        }, cancellationToken);

    public Task<Document<T>> CreateAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            for (var attempt = 0; attempt < CreateAttempts; attempt++)
            {
                using (var content = CosmosItem.Write(id, partitionKey, body, options?.TimeToLive, clock.GetUtcNow()))
                using (var response = await Container(container).CreateItemStreamAsync(content, new PartitionKey(partitionKey), cancellationToken: cancellationToken))
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return new Document<T>(id, partitionKey, body, response.Headers.ETag);
                    }
                    if (response.StatusCode != HttpStatusCode.Conflict)
                    {
                        throw Failure(response, container, id);
                    }
                }

                // An expired item that still holds the id (the test server never deletes them) does not make it taken.
                var existing = await ReadItemAsync<JsonElement>(container, partitionKey, id, cancellationToken);
                if (existing is null)
                {
                    continue;
                }
                if (!existing.IsExpired(clock.GetUtcNow()))
                {
                    throw new DocumentConflictException(container, id);
                }
                using (var content = CosmosItem.Write(id, partitionKey, body, options?.TimeToLive, clock.GetUtcNow()))
                using (var response = await Container(container).ReplaceItemStreamAsync(content, CosmosItem.EncodeId(id), new PartitionKey(partitionKey),
                    new ItemRequestOptions { IfMatchEtag = existing.ETag }, cancellationToken))
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return new Document<T>(id, partitionKey, body, response.Headers.ETag);
                    }
                    if (response.StatusCode is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound))
                    {
                        throw Failure(response, container, id);
                    }
                }
            }
            throw new DocumentConflictException(container, id);
        }, cancellationToken);

    public Task<Document<T>> ReplaceAsync<T>(string container, string partitionKey, string id, T body, string ifMatch, WriteOptions? options, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            using var content = CosmosItem.Write(id, partitionKey, body, options?.TimeToLive, clock.GetUtcNow());
            using var response = await Container(container).ReplaceItemStreamAsync(content, CosmosItem.EncodeId(id), new PartitionKey(partitionKey),
                new ItemRequestOptions { IfMatchEtag = ifMatch }, cancellationToken);
            return response.StatusCode switch
            {
                _ when response.IsSuccessStatusCode => new Document<T>(id, partitionKey, body, response.Headers.ETag),
                HttpStatusCode.PreconditionFailed => throw new DocumentPreconditionFailedException(container, id),
                HttpStatusCode.NotFound => throw new DocumentNotFoundException(container, id),
                _ => throw Failure(response, container, id),
            };
        }, cancellationToken);

    public Task<Document<T>> UpsertAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            using var content = CosmosItem.Write(id, partitionKey, body, options?.TimeToLive, clock.GetUtcNow());
            using var response = await Container(container).UpsertItemStreamAsync(content, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
            return response.IsSuccessStatusCode
                ? new Document<T>(id, partitionKey, body, response.Headers.ETag)
                : throw Failure(response, container, id);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            using var response = await Container(container).DeleteItemStreamAsync(CosmosItem.EncodeId(id), new PartitionKey(partitionKey),
                new ItemRequestOptions { IfMatchEtag = ifMatch }, cancellationToken);
            return response.StatusCode switch
            {
                _ when response.IsSuccessStatusCode => true,
                HttpStatusCode.NotFound => false,
                HttpStatusCode.PreconditionFailed => throw new DocumentPreconditionFailedException(container, id),
                _ => throw Failure(response, container, id),
            };
        }, cancellationToken);

    public Task<DocumentPage<T>> QueryAsync<T>(DocumentQuery query, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var translated = CosmosQueryTranslator.Translate(query, clock.GetUtcNow());
            var definition = new QueryDefinition(translated.Sql);
            foreach (var (name, value) in translated.Parameters)
            {
                definition.WithParameter(name, value);
            }
            var sdkToken = query.ContinuationToken is null ? null : CosmosContinuation.Unwrap(query.Container, translated, query.ContinuationToken);
            var items = new List<Document<T>>(Math.Min(query.Limit, 100));
            // Cosmos may return short (even empty) pages mid-way; keep reading until the page is full or the results end.
            do
            {
                var options = new QueryRequestOptions { MaxItemCount = query.Limit - items.Count };
                if (translated.PartitionKey is not null)
                {
                    options.PartitionKey = new PartitionKey(translated.PartitionKey);
                }
                using var iterator = Container(query.Container).GetItemQueryStreamIterator(definition, sdkToken, options);
                using var response = await iterator.ReadNextAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw response.StatusCode == HttpStatusCode.BadRequest && sdkToken is not null
                        ? new InvalidContinuationTokenException()
                        : QueryFailure(response, query);
                }
                var page = await JsonSerializer.DeserializeAsync<CosmosPage<T>>(response.Content, Serialization.CairnJson.Options, cancellationToken);
                items.AddRange(page!.Documents.Select(item => item.ToDocument()));
                sdkToken = response.ContinuationToken;
            }
            while (sdkToken is not null && items.Count < query.Limit);
            return new DocumentPage<T>(items, sdkToken is null ? null : CosmosContinuation.Wrap(query.Container, translated, sdkToken));
        }, cancellationToken);

    public Task<long> CountAsync(DocumentQuery query, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var translated = CosmosQueryTranslator.TranslateCount(query, clock.GetUtcNow());
            var definition = new QueryDefinition(translated.Sql);
            foreach (var (name, value) in translated.Parameters)
            {
                definition.WithParameter(name, value);
            }
            // Within one partition the SDK may run the COUNT as written, in one page, instead of its per-partition rewrite.
            var options = new QueryRequestOptions { PartitionKey = new PartitionKey(translated.PartitionKey!), EnableOptimisticDirectExecution = true };
            long total = 0;
            using var iterator = Container(query.Container).GetItemQueryIterator<long>(definition, requestOptions: options);
            while (iterator.HasMoreResults)
            {
                foreach (var partial in await iterator.ReadNextAsync(cancellationToken))
                {
                    total += partial;
                }
            }
            return total;
        }, cancellationToken);

    private async Task<CosmosItem<T>?> ReadItemAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        using var response = await Container(container).ReadItemStreamAsync(CosmosItem.EncodeId(id), new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return response.IsSuccessStatusCode
            ? await CosmosItem.ReadAsync<T>(response.Content, cancellationToken)
            : throw Failure(response, container, id);
    }

    private Container Container(string name) => _containers.GetOrAdd(name, database.GetContainer);

    private static Exception QueryFailure(ResponseMessage response, DocumentQuery query) =>
        response.StatusCode == HttpStatusCode.BadRequest && response.ErrorMessage?.Contains("composite index", StringComparison.OrdinalIgnoreCase) == true
            ? new InvalidOperationException(
                $"Container '{query.Container}' has no composite index for ORDER BY '{query.OrderBy}': declare it as a sort field in Containers.cs.",
                Inner(response))
            : Failure(response, query.Container, null);

    private static StorageException Failure(ResponseMessage response, string container, string? id)
    {
        var status = (int)response.StatusCode;
        var inner = Inner(response);
        return CosmosStatus.IsTransient(response.StatusCode)
            ? new StorageUnavailableException($"Cosmos DB is unavailable or throttling (status {status}) after the SDK's retries.", inner)
            : new StorageException($"Cosmos DB answered {status} for '{id}' in '{container}': {response.ErrorMessage}", inner);
    }

    // The SDK's own exception for a failed response carries its diagnostics; keep it as the inner exception.
    private static Exception Inner(ResponseMessage response)
    {
        try
        {
            response.EnsureSuccessStatusCode();
            return new InvalidOperationException(response.ErrorMessage);
        }
        catch (CosmosException exception)
        {
            return exception;
        }
    }

    /// <summary>Translates what the SDK throws (rather than returns) into the port's exceptions.</summary>
    private static async Task<TResult> Guard<TResult>(Func<Task<TResult>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (CosmosException exception) when (CosmosStatus.IsTransient(exception.StatusCode))
        {
            throw new StorageUnavailableException($"Cosmos DB is unavailable or throttling (status {(int)exception.StatusCode}) after the SDK's retries.", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new StorageUnavailableException("Cosmos DB is not reachable.", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The SDK gave up on its own timeout, not because our caller went away.
            throw new StorageUnavailableException("Cosmos DB did not answer in time.", exception);
        }
    }
}

internal static class CosmosStatus
{
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout;
}
