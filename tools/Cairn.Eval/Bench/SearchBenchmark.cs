using System.Diagnostics;
using System.Globalization;
using Cairn.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Cairn.Eval.Bench;

/// <summary>
/// The search latency benchmark (docs/search.md, "Benchmark"): generates agent-like documents, embeds them with the
/// app's embedder and indexes them through the real search port, then runs the queries the features send, with their
/// filters, at concurrency 1 and 8, and prints latency percentiles, throughput, index build time and sizes.
/// </summary>
internal static class SearchBenchmark
{
    private const int Seed = 20261121;
    private const int GenerateChunk = 1_000;
    private const int UpsertBatch = 100;
    private const int Warmup = 20;

    private sealed record Options(int Documents, int Queries, int[] Concurrency, string? Database, bool Keep, int Writers,
        List<KeyValuePair<string, string?>> Settings, string? Only, CorpusKind Corpus);

    private const string Usage = "usage: scripts/bench-search [--corpus mixed|engrams|memories] [--documents 100000] [--queries 300] [--concurrency 1,8] " +
        "[--writers 2] [--database NAME] [--only SCENARIO] [--set Section:Key=value]...";

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var database = options.Database ?? $"cairn_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        var reuse = options.Database is not null && await EvalHost.DatabaseExistsAsync(database);
        if (!reuse)
        {
            await EvalHost.AdminAsync($"create database \"{database}\"");
        }
        try
        {
            using var host = await EvalHost.StartAsync(database, options.Settings);
            var index = host.Services.GetRequiredService<ISearchIndex>();
            var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            var connectionString = host.Services.GetRequiredService<Search.Postgres.SearchDataSource>().Inner.ConnectionString;

            var (indexed, kinds) = await CountAsync(connectionString);
            if (indexed != options.Documents || !Holds(options.Corpus, kinds))
            {
                if (indexed != 0)
                {
                    Console.Error.WriteLine($"{database} holds {indexed} documents ({kinds}), not {options.Documents} of the {options.Corpus} corpus: use another --database");
                    return 2;
                }
                await LoadAsync(options, index, embedder);
            }
            else
            {
                Console.WriteLine($"index: reusing {database} with {indexed} documents ({kinds})");
            }
            await ReportSizesAsync(connectionString);
            await ReportMirrorAsync(index);

            var corpus = new AgentCorpus(Seed + 1, options.Corpus, options.Documents);
            Console.WriteLine($"corpus: {options.Corpus.ToString().ToLowerInvariant()}, {options.Documents} documents");
            Console.WriteLine($"queries: {options.Queries} per scenario and concurrency, after {Warmup} warm-up queries; latency of SearchAsync in ms");
            Console.WriteLine("| scenario | concurrency | p50 | p95 | p99 | max | queries/s | hits/query |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            using var split = new SearchSplit();
            foreach (var scenario in BenchScenarios.For(options.Corpus).Where(s => Selected(options, s.Name)))
            {
                var queries = new List<SearchQuery>();
                for (var i = 0; i < options.Queries + Warmup; i++)
                {
                    queries.Add(await scenario.QueryAsync(corpus, embedder));
                }
                foreach (var concurrency in options.Concurrency)
                {
                    var result = await RunQueriesAsync(queries, async (query, cancellationToken) => (await index.SearchAsync(query, cancellationToken)).Count, concurrency, split);
                    Row(scenario.Name, concurrency, result);
                    Console.Error.WriteLine(split.Describe());
                }
            }
            if (options.Corpus == CorpusKind.Mixed)
            {
                await RunReferencesAsync(options, connectionString);
            }
            Console.WriteLine($"benchmark process: peak working set {Environment.WorkingSet / 1_048_576} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576} MB peak");
            await host.StopAsync();
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (!options.Keep)
            {
                await EvalHost.AdminAsync($"drop database if exists \"{database}\" with (force)");
            }
        }
    }

    private static async Task LoadAsync(Options options, ISearchIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        var corpus = new AgentCorpus(Seed, options.Corpus, options.Documents);
        TimeSpan embedding = TimeSpan.Zero, indexing = TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        for (var first = 0; first < options.Documents; first += GenerateChunk)
        {
            var documents = Enumerable.Range(first, Math.Min(GenerateChunk, options.Documents - first)).Select(corpus.Document).ToList();
            var embedStarted = Stopwatch.GetTimestamp();
            var vectors = await embedder.GenerateAsync(documents.Select(d => $"{d.Title}\n{d.Content}"));
            embedding += Stopwatch.GetElapsedTime(embedStarted);
            documents = documents.Select((d, i) => d with { Vector = vectors[i].Vector }).ToList();

            var indexStarted = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(documents.Chunk(UpsertBatch), new ParallelOptions { MaxDegreeOfParallelism = options.Writers },
                async (batch, cancellationToken) => await index.UpsertAsync(batch, cancellationToken));
            indexing += Stopwatch.GetElapsedTime(indexStarted);
            if ((first + GenerateChunk) % 10_000 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  indexed {first + GenerateChunk} documents, {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index: {options.Documents} documents built in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s " +
            $"(embedding {embedding.TotalSeconds:F1} s, search port {indexing.TotalSeconds:F0} s = {options.Documents / indexing.TotalSeconds:F0} documents/s, " +
            $"{options.Writers} writers × batches of {UpsertBatch})"));
    }

    private static bool Selected(Options options, string name) =>
        options.Only is null || options.Only.Split('|').Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static void Row(string name, int concurrency, RunResult result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {concurrency} | {result.P(0.50):F1} | {result.P(0.95):F1} | {result.P(0.99):F1} | {result.P(1):F1} | {result.PerSecond:F0} | {result.HitsPerQuery:F1} |"));

    /// <summary>The reference rows (issue 23) on the query texts of "keyword, no filter": a fresh corpus replays them.</summary>
    private static async Task RunReferencesAsync(Options options, string connectionString)
    {
        var corpus = new AgentCorpus(Seed + 1);
        var texts = Enumerable.Range(0, options.Queries + Warmup).Select(_ => corpus.Query()).ToList();
        if (Selected(options, ReferenceBaselines.FullTextName))
        {
            var fullText = await ReferenceBaselines.FullTextAsync(connectionString, options.Documents, Seed);
            foreach (var concurrency in options.Concurrency)
            {
                Row(ReferenceBaselines.FullTextName, concurrency, await RunQueriesAsync(texts, (text, _) => fullText(text), concurrency));
            }
        }
        if (Selected(options, ReferenceBaselines.LuceneName))
        {
            var lucene = ReferenceBaselines.Lucene(options.Documents, Seed, out var owner);
            using (owner)
            {
                foreach (var concurrency in options.Concurrency)
                {
                    Row(ReferenceBaselines.LuceneName, concurrency, await RunQueriesAsync(texts, (text, _) => lucene(text), concurrency));
                }
            }
        }
    }

    private sealed record RunResult(double[] Sorted, double PerSecond, double HitsPerQuery)
    {
        public double P(double p) => Sorted[Math.Clamp((int)Math.Ceiling(p * Sorted.Length) - 1, 0, Sorted.Length - 1)];
    }

    private static async Task<RunResult> RunQueriesAsync<T>(List<T> queries, Func<T, CancellationToken, Task<int>> run, int concurrency, SearchSplit? split = null)
    {
        foreach (var query in queries.Take(Warmup))
        {
            await run(query, CancellationToken.None);
        }
        split?.Reset();
        var measured = queries.Skip(Warmup).ToList();
        var latencies = new double[measured.Count];
        long hits = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < measured.Count; i = Interlocked.Increment(ref next))
            {
                var queryStarted = Stopwatch.GetTimestamp();
                var count = await run(measured[i], CancellationToken.None);
                latencies[i] = Stopwatch.GetElapsedTime(queryStarted).TotalMilliseconds;
                Interlocked.Add(ref hits, count);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        Array.Sort(latencies);
        return new RunResult(latencies, measured.Count / elapsed.TotalSeconds, (double)hits / measured.Count);
    }

    // Whether the kinds a kept database holds (as CountAsync lists them) are the corpus's: another corpus's is not reused.
    private static bool Holds(CorpusKind corpus, string kinds) => corpus switch
    {
        CorpusKind.Engrams => kinds == AgentCorpus.EngramKind,
        CorpusKind.Memories => kinds == AgentCorpus.MemoryKind,
        _ => kinds.Contains(',', StringComparison.Ordinal),
    };

    private static async Task<(long Documents, string Kinds)> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*), coalesce(string_agg(distinct kind, ',' order by kind), '') from search_documents", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static async Task ReportSizesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select c.relname, pg_relation_size(c.oid), (select coalesce(sum(cardinality(terms)), 0) from search_documents)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relname like 'search%' and c.relkind in ('r', 'i')
            order by pg_relation_size(c.oid) desc
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var parts = new List<string>();
        long total = 0, postings = 0;
        while (await reader.ReadAsync())
        {
            total += reader.GetInt64(1);
            postings = reader.GetInt64(2);
            if (reader.GetInt64(1) >= 1_048_576)
            {
                parts.Add($"{reader.GetString(0)} {reader.GetInt64(1) / 1_048_576} MB");
            }
        }
        Console.WriteLine($"index size: {total / 1_048_576} MB on disk, {postings} postings ({string.Join(", ", parts)})");
    }

    // The keyword arm's in-process mirror loads on the first search: its load time and what it adds to the managed heap.
    private static async Task ReportMirrorAsync(ISearchIndex index)
    {
        if (index is not Search.Postgres.PostgresSearchIndex postgres)
        {
            return;
        }
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await index.SearchAsync(new SearchQuery("warm up"), CancellationToken.None);
        var added = GC.GetTotalMemory(forceFullCollection: true) - before;
        if (postgres.Mirror.LastLoad is { } load)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"keyword mirror: {load.Documents} documents, {load.Postings} postings loaded in {load.Elapsed.TotalSeconds:F2} s; managed heap +{added / 1_048_576} MB"));
        }
    }

    private static Options? Parse(string[] args)
    {
        var options = new Options(100_000, 300, [1, 8], null, false, 2, [], null, CorpusKind.Mixed);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--documents" when int.TryParse(value, out var documents) && documents > 0:
                    options = options with { Documents = documents };
                    break;
                case "--queries" when int.TryParse(value, out var queries) && queries > 0:
                    options = options with { Queries = queries };
                    break;
                case "--writers" when int.TryParse(value, out var writers) && writers > 0:
                    options = options with { Writers = writers };
                    break;
                case "--concurrency" when value is not null && value.Split(',').All(c => int.TryParse(c, out var n) && n > 0):
                    options = options with { Concurrency = [.. value.Split(',').Select(int.Parse)] };
                    break;
                case "--database" when value is not null:
                    options = options with { Database = value };
                    break;
                case "--corpus" when Enum.TryParse<CorpusKind>(value, ignoreCase: true, out var corpus) && !int.TryParse(value, out _):
                    options = options with { Corpus = corpus };
                    break;
                case "--only" when value is not null:
                    options = options with { Only = value };
                    break;
                case "--set" when value?.Split('=', 2) is [var key, var setting]:
                    options.Settings.Add(new(key, setting));
                    break;
                default:
                    return null;
            }
            i++;
        }
        // A named database is the caller's to reuse; only a throwaway one is dropped.
        return options with { Keep = options.Database is not null };
    }
}
