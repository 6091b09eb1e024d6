using Cairn.Storage;

namespace Cairn.Collective.Experiences;

// An experience's counters are derived from its records: the outcome reports and votes stored in its own partition.
// After a record is written, the counters are recounted and stored under the experience's ETag only if they differ; a
// writer that loses the race recounts, so the last write always reflects every record stored before it. Whatever a
// crash or exhausted retries leave behind, CounterReconcilerJob recounts from the same records.
public sealed class ExperienceCounters(IDocumentStore store, DocumentMutator mutator, CollectiveIndex index, TimeProvider clock, ILogger<ExperienceCounters> logger)
{
    // The counters as the records say: four single-partition counts, one after another (one connection per request).
    public async Task<ExperienceStats> CountAsync(Guid experienceId, CancellationToken cancellationToken)
    {
        var key = experienceId.ToString();
        Task<long> Count(string kind, string field, object value) => store.CountAsync(new DocumentQuery(Containers.Experiences)
        {
            PartitionKey = key, Filters = [Filter.Eq(DocumentFields.Kind, kind), Filter.Eq(field, value)],
        }, cancellationToken);
        return new ExperienceStats(await Count(OutcomeReport.DocumentKind, OutcomeReport.Fields.Success, true), await Count(OutcomeReport.DocumentKind, OutcomeReport.Fields.Success, false),
            await Count(Vote.DocumentKind, Vote.Fields.VoteType, VoteTypes.Up), await Count(Vote.DocumentKind, Vote.Fields.VoteType, VoteTypes.Down));
    }

    // Brings the stored counters up to the records and returns the experience with them. When other writers keep
    // winning, the counted figures are returned anyway (they are right) and the stored ones are left to the next writer
    // or the reconciler: the record this request wrote is safe, so the request must not fail.
    public async Task<(Experience Experience, bool Changed)> SyncAsync(Guid experienceId, CancellationToken cancellationToken)
    {
        var key = experienceId.ToString();
        var changed = false;
        ExperienceStats? counted = null;
        try
        {
            var written = await mutator.MutateAsync<Experience>(Containers.Experiences, key, key, async (current, ct) =>
            {
                if (current is null)
                {
                    return null;
                }
                counted = await CountAsync(experienceId, ct);
                changed = current.Body.Stats != counted;
                return changed ? current.Body with { Stats = counted, UpdatedAt = clock.GetUtcNow() } : null;
            }, cancellationToken) ?? throw new DocumentNotFoundException(Containers.Experiences, key);
            if (changed)
            {
                await IndexLatestAsync(written, cancellationToken);
            }
            return (written.Body, changed);
        }
        catch (ContentionException exception)
        {
            logger.LogInformation("Counters of experience {ExperienceId} left to the reconciler: {Reason}", experienceId, exception.Message);
            var current = await store.ReadAsync<Experience>(Containers.Experiences, key, key, cancellationToken)
                ?? throw new DocumentNotFoundException(Containers.Experiences, key);
            return (current.Body with { Stats = counted ?? current.Body.Stats }, false);
        }
    }

    // Indexes the experience, then checks that no newer version was written meanwhile; concurrent writers' index writes
    // land in any order, and the check after each makes the last one carry the latest counters.
    private async Task IndexLatestAsync(Document<Experience> written, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 3; round++)
        {
            // Counters change only quality and quarantine status: no new text to embed.
            await index.UpdateExperienceStatsAsync(written.Body, cancellationToken);
            var latest = await store.ReadAsync<Experience>(Containers.Experiences, written.Id, written.Id, cancellationToken);
            if (latest is null || latest.ETag == written.ETag)
            {
                return;
            }
            written = latest;
        }
    }
}
