using System.Net;
using Cairn.Engrams;
using Cairn.Jobs;
using Cairn.Memory;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Memory;

// The decay job against a fake clock: a memory walks FULL → COMPRESSED → SUMMARY → ESSENCE → FORGOTTEN at days 7, 30,
// 90 and 365; an access restarts its timer; shocks never decay. Stages are read at layer 1, which is not an access.
public sealed class DecayTests
{
    private const string Long = """
        The nightly export job writes every order of the day to the warehouse bucket as compressed CSV files.
        It starts at two in the morning, after the billing batch, because both read the orders table heavily.
        Last quarter it began to time out whenever the day had more than eighty thousand orders.
        The cause was a missing index on orders.updated_at, which turned the incremental query into a full scan.
        Adding the index brought the export from forty minutes down to six.
        The export also retries each file upload three times with exponential back-off before it gives up.
        When it gives up it pages the on-call engineer, which happened twice in one week before the fix.
        The warehouse team reads the files at six, so the export must finish well before then.
        Each file is named after the day and the shard, so a rerun overwrites yesterday's partial output safely.
        The job keeps a checkpoint of the last exported order id, which lets a restart resume instead of starting over.
        Keep the index in the migration scripts, because a restore from an old backup dropped it once.
        A dashboard on the ops wiki shows the export duration for the last ninety days.
        If the duration climbs again, check the query plan of the incremental select first.
        The bucket keeps thirty days of files and a lifecycle rule deletes older ones automatically.
        """;

    private const string Cache = """
        The session cache runs as three Redis nodes behind a sentinel quorum in each region.
        Every web instance keeps a small local cache in front of it with a sixty second lifetime.
        During the spring sale the hit rate dropped to forty percent because keys embedded the user agent string.
        Normalising the keys before hashing brought the hit rate back above ninety percent within an hour.
        Eviction uses allkeys-lru, and memory is capped at eight gigabytes per node to leave room for forks.
        Snapshots run every fifteen minutes; the append-only file is off because the data can be rebuilt.
        Failover takes about twelve seconds, during which writes fail and the web tier serves stale sessions.
        Clients must reconnect through the sentinels rather than cache a primary address.
        The runbook for a split brain is linked from the incident template and was last rehearsed in March.
        Monitoring alerts when replication lag exceeds five seconds or memory passes ninety percent.
        """;

    private const string Runners = """
        Continuous integration runs on twelve self-hosted runners in two pools, one for Linux and one for Windows.
        The Linux pool autoscales from four to ten machines based on the length of the job queue.
        Windows builds are slower, mostly because antivirus scans every file the compiler writes.
        Excluding the build directories from the scanner cut the Windows build time by a third.
        Runners are recreated from a golden image every Sunday so that tool drift never accumulates.
        Secrets reach jobs through the vault integration and are never written to the runner disks.
        A job that runs longer than ninety minutes is cancelled and reported in the weekly digest.
        Caches of package downloads live on a shared volume, which saves about four minutes per job.
        When a runner goes offline the queue drains to the others, but the Windows pool has no spare capacity.
        The platform team owns the runners and reviews their cost every quarter.
        """;

    [Fact]
    public async Task AMemoryWalksThroughEveryStageAtTheRightDayAndIsThenForgotten()
    {
        await using var isolated = await DecayScenario.StartAsync(title: "Export job");
        var (app, clock, client, session) = (isolated.App, isolated.Clock, isolated.Client, isolated.Session);
        var id = (await client.ObserveAsync(session, Long, type: "fact")).Str("id");
        await client.EndSessionAsync(session);
        var start = clock.GetUtcNow();
        var agent = await MeAsync(client);
        Assert.Equal("full", (await StageAsync(client, id)).Stage);

        var expected = new (double Day, string Stage, int MaxTokens)[]
        {
            (6.99, "full", int.MaxValue), (7, "compressed", 250), (29.99, "compressed", 250), (30, "summary", 150),
            (89.99, "summary", 150), (90, "essence", 50), (364.99, "essence", 50),
        };
        var previousTokens = await ContentTokensAsync(app, agent, id);
        var previousIndexed = await IndexedWordsAsync(isolated.Database, id);
        Assert.True(previousTokens > 250, $"the test text must be longer than the COMPRESSED target; it has {previousTokens} tokens");
        foreach (var (day, stage, maxTokens) in expected)
        {
            clock.SetUtcNow(start + TimeSpan.FromDays(day));
            await app.RunJobAsync("memory-decay");
            Assert.Equal((stage, "long_term"), await StageAsync(client, id));
            var tokens = await ContentTokensAsync(app, agent, id);
            Assert.True(tokens <= maxTokens && tokens <= previousTokens, $"day {day}: {tokens} tokens at {stage}");
            // Re-indexed with the stage's text: the search index counts fewer words whenever the text shrank.
            var indexed = await IndexedWordsAsync(isolated.Database, id);
            Assert.True(tokens < previousTokens ? indexed < previousIndexed : indexed == previousIndexed, $"day {day}: {indexed} indexed words, {previousIndexed} before");
            previousTokens = tokens;
            previousIndexed = indexed;
        }
        // Each stage is re-embedded and re-indexed: the essence is still found by its words.
        Assert.Contains(id, await SearchIdsAsync(client, "nightly export orders warehouse"));

        clock.SetUtcNow(start + TimeSpan.FromDays(365));
        var run = await app.RunJobAsync("memory-decay");

        Assert.Equal(1, (long)run["counts"]!["forgotten"]!);
        await (await client.GetAsync($"/api/v1/memory/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(id, await SearchIdsAsync(client, "nightly export orders warehouse"));
        Assert.Empty(await app.AllStoredAsync("memories", agent));
    }

    [Fact]
    public async Task AnAccessRestartsTheTimerAndSlowsDecayWhileShocksNeverDecay()
    {
        await using var isolated = await DecayScenario.StartAsync();
        var (app, clock, client, session) = (isolated.App, isolated.Clock, isolated.Client, isolated.Session);
        var untouched = (await client.ObserveAsync(session, Long, type: "fact")).Str("id");
        var accessed = (await client.ObserveAsync(session, Cache, type: "insight")).Str("id");
        var shock = (await client.ObserveAsync(session, "The export job deleted last month's files from the bucket by mistake.", type: "incident", outcome: "failure")).Str("id");
        var failed = (await client.ObserveAsync(session, Runners, type: "fact", outcome: "failure")).Str("id");
        await client.EndSessionAsync(session);
        var start = clock.GetUtcNow();

        clock.SetUtcNow(start + TimeSpan.FromDays(3.5));
        await app.RunJobAsync("memory-decay");
        Assert.Equal("compressed", (await StageAsync(client, failed)).Stage); // all failures: thresholds halved
        Assert.Equal("full", (await StageAsync(client, untouched)).Stage);

        clock.SetUtcNow(start + TimeSpan.FromDays(6));
        await client.MemoryAsync(accessed); // layer 3: an access at day 6, modifier now 1.25

        clock.SetUtcNow(start + TimeSpan.FromDays(7));
        await app.RunJobAsync("memory-decay");
        Assert.Equal("compressed", (await StageAsync(client, untouched)).Stage);
        Assert.Equal("full", (await StageAsync(client, accessed)).Stage);

        clock.SetUtcNow(start + TimeSpan.FromDays(6 + 7 * 1.25) - TimeSpan.FromMinutes(1));
        await app.RunJobAsync("memory-decay");
        Assert.Equal("full", (await StageAsync(client, accessed)).Stage);

        clock.SetUtcNow(start + TimeSpan.FromDays(6 + 7 * 1.25));
        await app.RunJobAsync("memory-decay");
        Assert.Equal("compressed", (await StageAsync(client, accessed)).Stage);

        clock.SetUtcNow(start + TimeSpan.FromDays(500)); // past 6 + 365 × 1.25 days, when the accessed one goes too
        await app.RunJobAsync("memory-decay");
        var left = await SearchIdsAsync(client, "export job bucket files deleted mistake cache runners");
        Assert.Equal([shock], left);
        Assert.Equal(("full", "shocks"), await StageAsync(client, shock));
        Assert.Null((await client.MemoryAsync(shock))["details"]!["next_stage_at"]);
    }

    [Fact]
    public async Task ObservationsOfASessionThatNeverEndsAreClassifiedByTheJobAfterTheBufferTtl()
    {
        await using var isolated = await DecayScenario.StartAsync(settings: MemoryApi.Settings(("Cairn:Memory:BufferTtl", "06:00:00")));
        var (app, clock, client, session) = (isolated.App, isolated.Clock, isolated.Client, isolated.Session);
        var id = (await client.ObserveAsync(session, "Always vacuum the events table after the monthly purge.")).Str("id");

        clock.Advance(TimeSpan.FromHours(5.9));
        await app.RunJobAsync("memory-decay");
        Assert.Equal(("full", "buffer"), await StageAsync(client, id));

        clock.Advance(TimeSpan.FromHours(0.1));
        var run = await app.RunJobAsync("memory-decay");
        Assert.Equal(1, (long)run["counts"]!["classified"]!);
        Assert.Equal(("full", "practice"), await StageAsync(client, id));
    }

    [Fact]
    public async Task ARunStoppedByItsBudgetLeavesTheRestToTheNextRun()
    {
        await using var isolated = await DecayScenario.StartAsync();
        var (app, clock, client, session) = (isolated.App, isolated.Clock, isolated.Client, isolated.Session);
        const int memories = MemoryDecayJob.BatchSize + 10;
        for (var i = 0; i < memories; i++)
        {
            await client.ObserveAsync(session, $"Fact {Words.Marker()} about the {Words.Marker()} subsystem.", type: "fact");
        }
        await client.EndSessionAsync(session);
        clock.Advance(TimeSpan.FromDays(7));

        // A budget of zero is spent after the first batch, as a long run's budget is after some batch.
        var first = await RunDecayAsync(app, clock, TimeSpan.Zero);
        var second = await RunDecayAsync(app, clock, TimeSpan.FromMinutes(2));

        Assert.Equal((false, MemoryDecayJob.BatchSize), (first.Finished, first.Counts["decayed"]));
        Assert.Equal((true, 10), (second.Finished, second.Counts["decayed"]));
    }

    // One agent with an open memory session, in an app of its own whose clock the test moves.
    private sealed class DecayScenario(IsolatedApp isolated, FakeClock clock, HttpClient client, string session) : IAsyncDisposable
    {
        public CairnApp App => isolated.App;
        public TestDatabase Database => isolated.Database;
        public FakeClock Clock { get; } = clock;
        public HttpClient Client { get; } = client;
        public string Session { get; } = session;

        public static async Task<DecayScenario> StartAsync(Dictionary<string, string?>? settings = null, string? title = null)
        {
            var clock = new FakeClock();
            var isolated = await IsolatedApp.StartAsync(settings, clock);
            try
            {
                var (_, key, _) = await isolated.App.RegisterAsync();
                var client = isolated.App.Client(key);
                return new DecayScenario(isolated, clock, client, await client.StartSessionAsync(title));
            }
            catch
            {
                await isolated.DisposeAsync();
                throw;
            }
        }

        public ValueTask DisposeAsync() => isolated.DisposeAsync();
    }

    private static async Task<JobResult> RunDecayAsync(CairnApp app, TimeProvider clock, TimeSpan budget)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<MemoryDecayJob>();
        return await job.RunAsync(new JobContext("memory-decay", JobTrigger.Admin, false, clock, budget, NullLogger.Instance), CancellationToken.None);
    }

    // Stage and ring at layer 1, which (unlike layer 3) is not an access.
    private static async Task<(string Stage, string Ring)> StageAsync(HttpClient client, string id)
    {
        var hit = (await client.SearchMemoryAsync(new { ids = new[] { id } })).Results().Single();
        return (hit.Str("stage"), hit.Str("ring"));
    }

    // The size of the stored content, which the stage targets bound (read behind the app's back: reading it through the
    // API would be an access).
    private static async Task<int> ContentTokensAsync(CairnApp app, string agent, string id) =>
        Tokens.Estimate((string)(await app.StoredAsync("memories", agent, id))!["content"]!);

    // Words the search index holds for the memory's content field (its BM25 document length).
    private static async Task<int> IndexedWordsAsync(TestDatabase database, string id)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select lengths[2] from search_documents where id = @id", connection);
        command.Parameters.AddWithValue("id", $"memory:{id}");
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> SearchIdsAsync(HttpClient client, string query) =>
        (await client.SearchMemoryAsync(new { query, limit = 50 })).Results().Select(r => r.Str("id")).ToList();

    private static async Task<string> MeAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK)).Str("id");
}
