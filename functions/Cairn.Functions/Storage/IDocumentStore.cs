namespace Cairn.Storage;

/// <summary>
/// The documents port: JSON documents addressed by (container, partition key, id), with optimistic concurrency.
/// Shaped for both backends: PostgreSQL (one JSONB table) locally and Cosmos DB for NoSQL in Azure.
/// Implementations translate vendor exceptions into <see cref="DocumentConflictException"/>,
/// <see cref="DocumentPreconditionFailedException"/>, <see cref="DocumentNotFoundException"/>,
/// <see cref="InvalidContinuationTokenException"/> and <see cref="StorageUnavailableException"/>; a body holding
/// U+0000 is an <see cref="ArgumentException"/> everywhere. Every implementation passes the conformance suite in
/// tests/Cairn.Tests/Storage (see docs/storage.md).
/// </summary>
public interface IDocumentStore
{
    /// <summary>Point read. Returns null when the document does not exist or has expired.</summary>
    Task<Document<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Point reads of many documents of one container in one round trip where the backend allows: those that exist and
    /// have not expired, in the order of <paramref name="keys"/>; a missing key is left out, a repeated one read once.
    /// At most <see cref="DocumentKey.MaxBatch"/> keys.
    /// </summary>
    Task<IReadOnlyList<Document<T>>> ReadManyAsync<T>(string container, IReadOnlyList<DocumentKey> keys, CancellationToken cancellationToken);

    /// <summary>Creates a document; throws <see cref="DocumentConflictException"/> when the id is taken in that partition.</summary>
    Task<Document<T>> CreateAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a document if its current ETag equals <paramref name="ifMatch"/>; throws
    /// <see cref="DocumentPreconditionFailedException"/> on a stale ETag and <see cref="DocumentNotFoundException"/> when it is gone.
    /// </summary>
    Task<Document<T>> ReplaceAsync<T>(string container, string partitionKey, string id, T body, string ifMatch, WriteOptions? options, CancellationToken cancellationToken);

    /// <summary>Creates or overwrites a document unconditionally.</summary>
    Task<Document<T>> UpsertAsync<T>(string container, string partitionKey, string id, T body, WriteOptions? options, CancellationToken cancellationToken);

    /// <summary>Deletes a document (only if its ETag matches, when given). Returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a filtered, ordered query and returns one page plus a continuation token for the next. Order by a field
    /// declared in the container's <see cref="ContainerDefinition.SortFields"/> (Cosmos DB needs an index for it).
    /// </summary>
    Task<DocumentPage<T>> QueryAsync<T>(DocumentQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// How many live documents of one partition match the filters (order, limit and continuation are ignored).
    /// The partition key is required: a count across partitions would fan out to every partition.
    /// </summary>
    Task<long> CountAsync(DocumentQuery query, CancellationToken cancellationToken);
}

/// <summary>Where a document is: its partition key and id (within a container).</summary>
public readonly record struct DocumentKey(string PartitionKey, string Id)
{
    public const int MaxBatch = 1000;

    /// <summary>The keys once each, in order of first appearance; refuses more than <see cref="MaxBatch"/>.</summary>
    public static IReadOnlyList<DocumentKey> Distinct(IReadOnlyList<DocumentKey> keys) =>
        keys.Count <= MaxBatch
            ? keys.Distinct().ToList()
            : throw new ArgumentOutOfRangeException(nameof(keys), $"At most {MaxBatch} documents can be read at once.");
}

/// <summary>A stored document: its body plus the ETag to pass back for a conditional write.</summary>
public sealed record Document<T>(string Id, string PartitionKey, T Body, string ETag);

/// <summary>
/// One page of query results; <see cref="ContinuationToken"/> is null on the last page. Every page but the last is
/// full; the last may be empty when the one before it ended exactly at the end.
/// </summary>
public sealed record DocumentPage<T>(IReadOnlyList<Document<T>> Items, string? ContinuationToken);

/// <summary>Per-write options. A time to live makes the document disappear from reads once it elapses.</summary>
public sealed record WriteOptions(TimeSpan? TimeToLive = null);

public class StorageException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class DocumentConflictException(string container, string id)
    : StorageException($"A document with id '{id}' already exists in '{container}'.");

public sealed class DocumentPreconditionFailedException(string container, string id)
    : StorageException($"The document '{id}' in '{container}' was changed by someone else.");

public sealed class DocumentNotFoundException(string container, string id)
    : StorageException($"The document '{id}' in '{container}' does not exist.");

public sealed class StorageUnavailableException(string message, Exception inner) : StorageException(message, inner);
