using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Cairn.Engrams;
using Cairn.Memory;
using Cairn.Tests.Memory;
using Cairn.Serialization;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Tests.Benchmarks;

/// <summary>
/// Memory search latency at 100,000 memories of 1,000 agents (docs/memory.md, "Benchmarks"): layer-1 searches through
/// the HTTP API, one agent at a time, with the Cranfield and CISI queries over memories cut from their abstracts.
/// Agent 0 holds 4,000 memories (about every ring full), the 999 others 96 each. Explicit: it runs only when asked.
/// </summary>
public sealed class MemorySearchBenchmark(ITestOutputHelper output)
{
    private const int Agents = 1_000;
    private const int Registered = 20;
    private const int HeavyAgentMemories = 4_000;
    private const int Warmup = 30;
    private const int Timed = 400;

    private static readonly int Memories = int.TryParse(Environment.GetEnvironmentVariable("CAIRN_BENCH_MEMORIES"), out var n) ? n : 100_000;

    [Fact(Explicit = true)]
    public async Task MemorySearchAt100kMemoriesOf1000Agents()
    {
        await using var isolated = await IsolatedApp.StartAsync(MemoryApi.Settings(("Cairn:Agents:RegistrationsPerHour", "10000")));
        var app = isolated.App;
        var keys = new List<string>();
        var agents = new List<Guid>();
        for (var i = 0; i < Registered; i++)
        {
            var (id, key, _) = await app.RegisterAsync();
            agents.Add(Guid.Parse(id));
            keys.Add(key);
        }
        var random = new Random(42);
        var bytes = new byte[16];
        while (agents.Count < Agents)
        {
            random.NextBytes(bytes);
            agents.Add(new Guid(bytes));
        }

        var memories = Generate(agents);
        var timer = Stopwatch.StartNew();
        await StoreAsync(isolated.Database, memories);
        Report($"stored {memories.Count:N0} memory documents in {timer.Elapsed.TotalSeconds:F0} s");
        timer.Restart();
        var index = app.Services.GetRequiredService<MemoryIndex>();
        foreach (var chunk in memories.Chunk(500))
        {
            var vectors = await index.EmbedAsync(chunk.Select(m => m.Content).ToList(), CancellationToken.None);
            await Parallel.ForEachAsync(chunk.Zip(vectors), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (pair, token) => await index.IndexAsync(pair.First, pair.Second, token));
        }
        Report($"indexed them in the search port in {timer.Elapsed.TotalSeconds:F0} s ({memories.Count / timer.Elapsed.TotalSeconds:F0}/s)");
        await AnalyzeAsync(isolated.Database);

        var queries = BenchmarkCorpus.Queries();
        var typical = await MeasureAsync(app, keys.Skip(1).ToList(), queries, Timed);
        Report($"typical agent ({(Memories - HeavyAgentMemories) / (Agents - 1)} memories), layer 1, limit 10, over HTTP: {Describe(typical)}");
        var heavy = await MeasureAsync(app, [keys[0]], queries, Timed / 2);
        Report($"heavy agent ({HeavyAgentMemories:N0} memories), layer 1, limit 10, over HTTP: {Describe(heavy)}");
        Report($"load average: {BenchmarkCorpus.LoadAverage()}");
    }

    private static List<MemoryItem> Generate(IReadOnlyList<Guid> agents)
    {
        var sentences = BenchmarkCorpus.Abstracts().SelectMany(BenchmarkCorpus.Sentences).ToList();
        var rings = Rings.Classified;
        var now = DateTimeOffset.UtcNow;
        var memories = new List<MemoryItem>(Memories);
        for (var i = 0; i < Memories; i++)
        {
            var owner = i < HeavyAgentMemories ? agents[0] : agents[1 + (i - HeavyAgentMemories) % (agents.Count - 1)];
            var start = (int)((long)i * 7919 % sentences.Count);
            var text = string.Join(' ', Enumerable.Range(0, 2 + i % 3).Select(k => sentences[(start + k * 131) % sentences.Count]));
            var created = now - TimeSpan.FromMinutes(i);
            var memory = new MemoryItem(Guid.CreateVersion7(created), owner, null, rings[i % rings.Length], Stages.Full, MemorySources.Observation, null, null,
                text, ExtractiveCompressor.Compress(text, 150), ExtractiveCompressor.Compress(text, 50), MemoryText.Fingerprint(text), Tokens.Estimate(text),
                new MemoryOutcomes(1, 0, 0), 0, 0, created, created, null, created, created, MemoryDates.Never, 1, false);
            memories.Add(Decay.Refresh(memory, TimeSpan.FromDays(1)));
        }
        return memories;
    }

    private static async Task StoreAsync(TestDatabase database, IReadOnlyList<MemoryItem> memories)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync("copy documents (container, pk, id, body, etag) from stdin (format binary)");
        foreach (var memory in memories)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync("memories", NpgsqlDbType.Text);
            await copy.WriteAsync(memory.AgentId.ToString(), NpgsqlDbType.Text);
            await copy.WriteAsync(memory.Id.ToString(), NpgsqlDbType.Text);
            await copy.WriteAsync(JsonSerializer.Serialize(memory, CairnJson.Options), NpgsqlDbType.Jsonb);
            await copy.WriteAsync(Guid.NewGuid().ToString("N"), NpgsqlDbType.Text);
        }
        await copy.CompleteAsync();
    }

    private static async Task AnalyzeAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("analyze", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Milliseconds per search, over <paramref name="count"/> timed requests after a warm-up, agents and queries in turn.</summary>
    private static async Task<List<double>> MeasureAsync(CairnApp app, IReadOnlyList<string> keys, IReadOnlyList<string> queries, int count)
    {
        var clients = keys.Select(k => app.Client(k)).ToList();
        var timings = new List<double>(count);
        var empty = 0;
        for (var i = 0; i < Warmup + count; i++)
        {
            var client = clients[i % clients.Count];
            var query = queries[i * 37 % queries.Count];
            var started = Stopwatch.GetTimestamp();
            var response = await client.SearchMemoryAsync(new { query = query.Length > 2_000 ? query[..2_000] : query, limit = 10 });
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= Warmup)
            {
                timings.Add(elapsed);
                empty += response.Results().Any() ? 0 : 1;
            }
        }
        Assert.True(empty < count / 10, $"{empty} of {count} searches found nothing");
        timings.Sort();
        return timings;
    }

    private static string Describe(List<double> sorted) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {BenchmarkCorpus.Percentile(sorted, 50):F1} ms, p90 {BenchmarkCorpus.Percentile(sorted, 90):F1} ms, p99 {BenchmarkCorpus.Percentile(sorted, 99):F1} ms, max {sorted[^1]:F1} ms ({sorted.Count} searches)");

    private void Report(string line) => output.WriteLine(line);
}
