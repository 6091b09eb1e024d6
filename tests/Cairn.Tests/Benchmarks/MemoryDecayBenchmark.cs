using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cairn.Engrams;
using Cairn.Jobs;
using Cairn.Memory;
using Cairn.Serialization;
using Cairn.Storage;
using Cairn.Storage.Postgres;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Tests.Benchmarks;

/// <summary>
/// The decay job over 1,000,000 memories of 1,000 agents in a throwaway database, seeded with SQL (docs/memory.md,
/// "Benchmarks"): ages spread evenly over a year and a day, each memory in the stage it had at the previous daily run,
/// so about one in ninety is due now — the work of one daily run. The real job code runs through the job runner.
/// Explicit: it runs only when asked (see docs/memory.md for the command), never in the normal test run.
/// </summary>
public sealed class MemoryDecayBenchmark(ITestOutputHelper output)
{
    private const int Agents = 1_000;

    /// <summary>CAIRN_BENCH_MEMORIES sizes a quicker run; the documented figures are for the default.</summary>
    private static readonly int Memories = int.TryParse(Environment.GetEnvironmentVariable("CAIRN_BENCH_MEMORIES"), out var n) ? n : 1_000_000;

    [Fact(Explicit = true)]
    public async Task DecayJobOverOneMillionMemories()
    {
        var clock = new FakeClock();
        var parallelism = Environment.GetEnvironmentVariable("CAIRN_BENCH_DECAY_PARALLELISM") ?? "4";
        await using var isolated = await IsolatedApp.StartAsync(MemoryApi.Settings(("Cairn:Memory:DecayParallelism", parallelism)), clock);
        var services = isolated.App.Services;
        var now = clock.GetUtcNow();
        await using var connection = new NpgsqlConnection(isolated.Database.ConnectionString);
        await connection.OpenAsync();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(connection, now);
        Report($"seeded {Memories:N0} memories of {Agents:N0} agents in {seeding.Elapsed.TotalSeconds:F0} s");
        var due = await ScalarAsync(connection, "select count(*) from documents where container = 'memories' and body->>'due_at' <= @now", now);
        var byStage = await ScalarAsync(connection, "select count(*) from documents where container = 'memories' and body->>'ring' = 'shocks'", now);
        Report($"due now: {due:N0}; shocks (never due): {byStage:N0}");
        await ExplainAsync(connection, now);

        var indexing = Stopwatch.StartNew();
        await IndexDueAsync(connection, services.GetRequiredService<MemoryIndex>(), now);
        Report($"indexed the {due:N0} due memories in the search port in {indexing.Elapsed.TotalSeconds:F0} s (their previous versions, which the job replaces)");

        var runner = services.GetRequiredService<JobRunner>();
        var job = services.GetRequiredService<JobRegistry>().Find("memory-decay")!;
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var timer = Stopwatch.StartNew();
        var (run, before, peak) = await BenchmarkCorpus.PeakWorkingSetAsync(() => runner.RunAsync(job, JobTrigger.Admin, false, CancellationToken.None));
        var seconds = timer.Elapsed.TotalSeconds;
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Report($"run 1 (DecayParallelism {services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MemoryOptions>>().Value.DecayParallelism}): {seconds:F1} s, {string.Join(", ", run.Counts.Select(c => $"{c.Key} {c.Value:N0}"))}; {(due / seconds):F0} due memories/s");
        Report($"run 1 memory: working set {before / 1048576.0:F0} MB before, peak {peak / 1048576.0:F0} MB (+{(peak - before) / 1048576.0:F0} MB); {allocatedMb:F0} MB allocated in total");
        Assert.Equal(0, await ScalarAsync(connection, "select count(*) from documents where container = 'memories' and body->>'due_at' <= @now", now));

        timer.Restart();
        var idle = await runner.RunAsync(job, JobTrigger.Admin, false, CancellationToken.None);
        Report($"run 2 (nothing due): {timer.Elapsed.TotalMilliseconds:F0} ms, {string.Join(", ", idle.Counts.Select(c => $"{c.Key} {c.Value:N0}"))}");
        Report($"load average: {BenchmarkCorpus.LoadAverage()}");
    }

    private async Task SeedAsync(NpgsqlConnection connection, DateTimeOffset now)
    {
        var texts = BenchmarkCorpus.Abstracts().Select(a => MemoryText.Truncate(string.Join(' ', BenchmarkCorpus.Sentences(a)), 2_000)).ToList();
        await ExecuteAsync(connection, """
            create temp table bench_texts (n int primary key, full_text text, compressed text, summary text, essence text, fingerprint text, tokens int);
            create function pg_temp.ts(timestamptz) returns text language sql immutable as $$ select to_char($1 at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"') $$;
            """);
        await using (var copy = await connection.BeginBinaryImportAsync("copy bench_texts from stdin (format binary)"))
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var text = texts[i];
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync(text, NpgsqlDbType.Text);
                await copy.WriteAsync(ExtractiveCompressor.Compress(text, 250), NpgsqlDbType.Text);
                await copy.WriteAsync(ExtractiveCompressor.Compress(text, 150), NpgsqlDbType.Text);
                await copy.WriteAsync(ExtractiveCompressor.Compress(text, 50), NpgsqlDbType.Text);
                await copy.WriteAsync(MemoryText.Fingerprint(text), NpgsqlDbType.Text);
                await copy.WriteAsync(Tokens.Estimate(text), NpgsqlDbType.Integer);
            }
            await copy.CompleteAsync();
        }
        // Loading is faster with the GIN index built once afterwards; the final schema is the app's own.
        await ExecuteAsync(connection, "drop index documents_body");
        await ExecuteAsync(connection, $"""
            select setseed(0.42);
            insert into documents (container, pk, id, body, etag)
            select 'memories', r.agent, r.id, jsonb_build_object(
                'id', r.id, 'agent_id', r.agent, 'session_id', null, 'ring', r.ring, 'stage', r.stage, 'source', 'observation',
                'type', null, 'tool_name', null,
                'content', case r.stage when 'full' then t.full_text when 'compressed' then t.compressed when 'summary' then t.summary else t.essence end,
                'summary', case r.stage when 'essence' then t.essence else t.summary end,
                'essence', t.essence, 'fingerprint', t.fingerprint, 'original_tokens', t.tokens,
                'outcomes', jsonb_build_object('success', 1, 'failure', 0, 'partial', 0),
                'reinforcements', 0, 'access_count', 0,
                'created_at', pg_temp.ts(r.created), 'updated_at', pg_temp.ts(r.created), 'last_accessed_at', null,
                'decay_anchor_at', pg_temp.ts(r.created), 'stage_changed_at', pg_temp.ts(r.created),
                'due_at', case when r.ring = 'shocks' then '9999-12-31T00:00:00+00:00' else pg_temp.ts(r.created + r.threshold * interval '1 day') end,
                'value', 1.5 * case r.stage when 'full' then 1 when 'compressed' then 0.75 when 'summary' then 0.5 else 0.25 end,
                'cbp_contributed', false, 'kind', 'memory'), md5(r.id)
            from (
                select s.*, case s.stage when 'full' then 7 when 'compressed' then 30 when 'summary' then 90 else 365 end as threshold
                from (
                    select g, md5('agent' || (g % {Agents}))::uuid::text as agent, md5('memory' || g)::uuid::text as id,
                        case when g % 20 = 0 then 'shocks' else (array['procedures', 'practice', 'long_term'])[1 + g % 3] end as ring,
                        @now - a.age * interval '1 day' as created,
                        -- the stage at the previous daily run, one day ago
                        case when g % 20 = 0 or a.age - 1 < 7 then 'full' when a.age - 1 < 30 then 'compressed' when a.age - 1 < 90 then 'summary' else 'essence' end as stage
                    from generate_series(0, {Memories} - 1) g
                    cross join lateral (select random() * 366 + g * 0 as age) a
                ) s
            ) r
            join bench_texts t on t.n = r.g % {texts.Count};
            """, now);
        await ExecuteAsync(connection, "create index documents_body on documents using gin (body jsonb_path_ops)");
        await ExecuteAsync(connection, "analyze documents");
    }

    private async Task ExplainAsync(NpgsqlConnection connection, DateTimeOffset now)
    {
        await using var command = connection.CreateCommand();
        var query = new DocumentQuery(Containers.Memories)
        {
            Filters = [Filter.Compare("due_at", ComparisonOperator.LessThanOrEqual, now)], OrderBy = "due_at", Limit = MemoryDecayJob.BatchSize,
        };
        command.CommandText = "explain (analyze, costs off, timing off, summary on) " + PostgresQueryTranslator.Translate(query, command.Parameters);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Report("  plan: " + reader.GetString(0));
        }
    }

    private static async Task IndexDueAsync(NpgsqlConnection connection, MemoryIndex index, DateTimeOffset now)
    {
        var batch = new List<MemoryItem>();
        await using var command = new NpgsqlCommand("select body::text from documents where container = 'memories' and body->>'due_at' <= @now", connection);
        command.Parameters.AddWithValue("now", Stamp(now));
        var due = new List<MemoryItem>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                due.Add(JsonSerializer.Deserialize<MemoryItem>(reader.GetString(0), CairnJson.Options)!);
            }
        }
        foreach (var chunk in due.Chunk(500))
        {
            var vectors = await index.EmbedAsync(chunk.Select(m => m.Content).ToList(), CancellationToken.None);
            await Parallel.ForEachAsync(chunk.Zip(vectors), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (pair, token) => await index.IndexAsync(pair.First, pair.Second, token));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, DateTimeOffset? now = null)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (now is { } n)
        {
            command.Parameters.AddWithValue("now", n);
        }
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, DateTimeOffset now)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("now", Stamp(now));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Stamp(DateTimeOffset time) => JsonSerializer.Serialize(time, CairnJson.Options).Trim('"');

    private void Report(string line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
