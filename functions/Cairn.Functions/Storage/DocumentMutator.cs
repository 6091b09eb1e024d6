namespace Cairn.Storage;

// The one read–modify–write path: read a document, let the caller decide its next state, write it only if nobody
// changed it in between (ETag, or create-if-absent), and on a lost race read again after a short jittered pause. A
// bounded number of lost races ends in ContentionException (409 contention with Retry-After).
public sealed class DocumentMutator(IDocumentStore store)
{
    // Tries per mutation; 100 writers on one document settle within it (tests/…/Integrity/ContentionTests).
    public const int MaxAttempts = 16;

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(4);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    // Applies change to the document (null when it does not exist) until the write lands. change returns the next body,
    // or null to leave the document as it is; it runs once per try, so it must not have side effects beyond its return
    // value. Returns the document as written, or as it was when the change said no (null when it does not exist).
    public async Task<Document<T>?> MutateAsync<T>(string container, string partitionKey, string id,
        Func<Document<T>?, CancellationToken, ValueTask<T?>> change, CancellationToken cancellationToken, WriteOptions? options = null)
        where T : class
    {
        return await RetryRacesAsync(container, id, async ct =>
        {
            var current = await store.ReadAsync<T>(container, partitionKey, id, ct);
            var next = await change(current, ct);
            if (next is null)
            {
                return current;
            }
            return current is null
                ? await store.CreateAsync(container, partitionKey, id, next, options, ct)
                : await store.ReplaceAsync(container, partitionKey, id, next, current.ETag, options, ct);
        }, cancellationToken);
    }

    // Runs one read–modify–write attempt again whenever it loses a race (conflict on create, stale ETag, deleted under
    // it), with the same bounds and back-off as MutateAsync(string, string, string, Func?, CancellationToken,
    // ValueTask>, CancellationToken, WriteOptions?). For writes with side effects of their own (engrams and their
    // index) that cannot go through a plain replace.
    public static async Task<TResult> RetryRacesAsync<TResult>(string container, string id, Func<CancellationToken, Task<TResult>> attempt, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (StorageException e) when (e is DocumentConflictException or DocumentPreconditionFailedException or DocumentNotFoundException)
            {
                if (tries >= MaxAttempts)
                {
                    throw new ContentionException(container, id, tries);
                }
                await BackOffAsync(tries, cancellationToken);
            }
        }
    }

    // Convenience for changes that need no I/O.
    public Task<Document<T>?> MutateAsync<T>(string container, string partitionKey, string id, Func<Document<T>?, T?> change,
        CancellationToken cancellationToken, WriteOptions? options = null) where T : class =>
        MutateAsync<T>(container, partitionKey, id, (current, _) => ValueTask.FromResult(change(current)), cancellationToken, options);

    // Full jitter over an exponential ceiling, so writers that collided spread out instead of colliding again.
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        // Wall time between round trips, not business time: a test's fake clock must not freeze a retry.
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), TimeProvider.System, cancellationToken);
    }
}

// Other writers kept winning the race for one document; the caller should retry shortly (409 contention).
public sealed class ContentionException(string container, string id, int attempts)
    : StorageException($"The document '{id}' in '{container}' kept changing under {attempts} attempts to update it.");
