namespace Cairn.Storage;

/// <summary>
/// Physically deletes expired documents, for document stores that only hide them from reads (PostgreSQL).
/// Stores that expire documents natively (Cosmos DB TTL) register <see cref="NativeExpiry"/>.
/// </summary>
public interface IExpiredDocumentPurger
{
    /// <summary>
    /// Deletes at most <paramref name="batchSize"/> documents of <paramref name="container"/> that expired at or before
    /// <paramref name="now"/>, and returns how many it deleted. Safe to run concurrently with itself and with writes.
    /// </summary>
    Task<int> PurgeExpiredAsync(string container, DateTimeOffset now, int batchSize, CancellationToken cancellationToken);
}

// The purger of a store that deletes expired documents itself (Cosmos DB TTL): nothing to delete, and the cleanup jobs
// stand down when they see it.
public sealed class NativeExpiry : IExpiredDocumentPurger
{
    public static readonly NativeExpiry Instance = new();

    private NativeExpiry()
    {
    }

    public Task<int> PurgeExpiredAsync(string container, DateTimeOffset now, int batchSize, CancellationToken cancellationToken) => Task.FromResult(0);
}
