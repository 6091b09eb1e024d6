using Cairn.Agents;
using Cairn.Jobs;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Jobs;

[Trait("Storage", "None")]
public sealed class RateLimitCleanupJobTests
{
    private readonly FakeClock _clock = new();

    private JobContext Context() => new("rate-limit-cleanup", JobTrigger.Admin, false, _clock, TimeSpan.FromMinutes(2), NullLogger.Instance);

    [Fact]
    public async Task DeletesBatchesUntilABatchComesBackShort()
    {
        var purger = new ScriptedPurger(_clock, [1000, 1000, 250]);
        var context = Context();

        var result = await new RateLimitCleanupJob(_clock, purger).RunAsync(context, CancellationToken.None);

        Assert.True(result.Finished);
        Assert.Equal(2250, result.Counts["deleted"]);
        Assert.Equal(3, result.Counts["batches"]);
        Assert.All(purger.Calls, call => Assert.Equal((Containers.RateLimits, RateLimitCleanupJob.BatchSize), (call.Container, call.BatchSize)));
        Assert.Equal(["Deleted 2250 expired rate-limit window(s) in 3 batch(es); none left."], context.Lines());
    }

    [Fact]
    public async Task PurgesWhatHasExpiredByTheTimeOfEachBatch()
    {
        var purger = new ScriptedPurger(_clock, [1000, 0], advanceEachCall: TimeSpan.FromSeconds(10));

        await new RateLimitCleanupJob(_clock, purger).RunAsync(Context(), CancellationToken.None);

        Assert.Equal([_clock.GetUtcNow().AddSeconds(-20), _clock.GetUtcNow().AddSeconds(-10)], purger.Calls.Select(c => c.Now));
    }

    [Fact]
    public async Task StopsAtTheTimeBudgetAndLeavesTheRestToTheNextRun()
    {
        var purger = new ScriptedPurger(_clock, Enumerable.Repeat(1000, 100).ToArray(), advanceEachCall: TimeSpan.FromSeconds(40));
        var context = Context();

        var result = await new RateLimitCleanupJob(_clock, purger).RunAsync(context, CancellationToken.None);

        Assert.False(result.Finished);
        Assert.Equal(3, purger.Calls.Count);
        Assert.Equal(3000, result.Counts["deleted"]);
        Assert.Contains("more remain for the next run", context.Lines().Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoesNothingWhenTheStoreExpiresDocumentsItself()
    {
        var context = Context();

        var result = await new RateLimitCleanupJob(_clock, NativeExpiry.Instance).RunAsync(context, CancellationToken.None);

        Assert.True(result.Finished);
        Assert.Empty(result.Counts);
        Assert.Contains("deletes expired documents itself", context.Lines().Single(), StringComparison.Ordinal);
    }

    private sealed class ScriptedPurger(FakeClock clock, int[] counts, TimeSpan advanceEachCall = default) : IExpiredDocumentPurger
    {
        public List<(string Container, DateTimeOffset Now, int BatchSize)> Calls { get; } = [];

        public Task<int> PurgeExpiredAsync(string container, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
        {
            Calls.Add((container, now, batchSize));
            clock.Advance(advanceEachCall);
            return Task.FromResult(counts[Calls.Count - 1]);
        }
    }
}
