using System.Threading.Channels;
using Cairn.Engrams.Associations;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Engrams.Access;

/// <summary>
/// Recall's accesses, written behind the response. A recall stores one receipt (one write, whatever the budget) and
/// queues it; <see cref="AccessDrainer"/> applies queued receipts at once, one read-change-write per engram however
/// many receipts name it (so a pinned engram in every recall is not fought over), then deletes them. Receipts a
/// process did not get to (it stopped, the database failed) are applied by the engram-access job. Applying is
/// idempotent: each engram remembers the receipts it has counted.
/// </summary>
public sealed class AccessRecorder(IDocumentStore store, EngramStore engrams, EngramChanges changes, TimeProvider clock, ILogger<AccessRecorder> logger)
{
    private const int Writers = 4;
    private readonly Channel<AccessReceipt> _queue = Channel.CreateUnbounded<AccessReceipt>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource _idle = Completed();

    public async Task RecordAsync(IReadOnlyList<AccessedEngram> engrams, CancellationToken cancellationToken)
    {
        if (engrams.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var receipt = new AccessReceipt(Guid.CreateVersion7(now), IsoDates.Sortable(now), engrams);
        var id = receipt.Id.ToString();
        await store.CreateAsync(Containers.EngramAccesses, id, id, receipt, null, cancellationToken);
        lock (_gate)
        {
            if (_pending++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        _queue.Writer.TryWrite(receipt);
    }

    /// <summary>Counts the receipts' accesses on their engrams, then deletes the receipts.</summary>
    public async Task ApplyAsync(IReadOnlyList<AccessReceipt> receipts, CancellationToken cancellationToken)
    {
        var byEngram = receipts
            .SelectMany(receipt => receipt.Engrams.Select(engram => (Engram: engram, Receipt: receipt)))
            .GroupBy(pair => pair.Engram)
            .ToList();
        // Read in batches (a recall names ~100 engrams); an engram that is gone has nothing to count on.
        var current = new Dictionary<AccessedEngram, Document<StoredEngram>>();
        foreach (var batch in byEngram.Chunk(DocumentKey.MaxBatch))
        {
            foreach (var document in await engrams.ReadManyAsync(batch.Select(g => (g.Key.Scope, g.Key.OwnerId, g.Key.EngramId)), cancellationToken))
            {
                current[new AccessedEngram(document.PartitionKey, document.Body.OwnerId, document.Body.EngramId)] = document;
            }
        }
        await Parallel.ForEachAsync(byEngram.Where(group => current.ContainsKey(group.Key)),
            new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken }, async (group, token) =>
        {
            try
            {
                await changes.ApplyAsync(current[group.Key], (stored, engram, now) =>
                {
                    var access = stored.Access;
                    foreach (var receipt in group.Select(pair => pair.Receipt).OrderBy(r => r.At, StringComparer.Ordinal))
                    {
                        if (!access.Counted(receipt.Id) && IsoDates.TryParse(receipt.At, out var at, out _))
                        {
                            access = changes.RecordAccess(access, engram, at, recall: true, receipt.Id);
                            Engram.Increment(EngramChanges.Usage(engram), "injections");
                            ObservedAssociations.Observe(engram, CoRecalled(receipt, group.Key), at);
                        }
                    }
                    return ReferenceEquals(access, stored.Access) ? null : changes.Rebuild(stored, engram, now, access);
                }, token);
            }
            catch (NotFoundException)
            {
                // The engram went while the batch ran; nothing to count it on.
            }
        });
        foreach (var receipt in receipts)
        {
            await store.DeleteAsync(Containers.EngramAccesses, receipt.Id.ToString(), receipt.Id.ToString(), null, cancellationToken);
        }
    }

    /// <summary>The owner's other engrams the same recall returned, the best-ranked first (the receipt keeps rank order).</summary>
    private static IEnumerable<string> CoRecalled(AccessReceipt receipt, AccessedEngram engram) =>
        receipt.Engrams.Where(other => other.OwnerId == engram.OwnerId && other.EngramId != engram.EngramId)
            .Take(ObservedAssociations.PerRecall).Select(other => other.EngramId);

    /// <summary>Completes once every receipt this process queued has been applied or left to the job (tests wait on it).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    internal async Task DrainAsync(CancellationToken stoppingToken)
    {
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new List<AccessReceipt>();
            while (batch.Count < 100 && _queue.Reader.TryRead(out var receipt))
            {
                batch.Add(receipt);
            }
            try
            {
                await ApplyAsync(batch, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not apply {Count} recall receipt(s) now; the engram-access job will.", batch.Count);
            }
            finally
            {
                lock (_gate)
                {
                    _pending -= batch.Count;
                    if (_pending == 0)
                    {
                        _idle.TrySetResult();
                    }
                }
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

/// <summary>Runs <see cref="AccessRecorder"/>'s drain loop for the life of the app.</summary>
public sealed class AccessDrainer(AccessRecorder recorder) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => recorder.DrainAsync(stoppingToken);
}
