using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Embeddings;
using Cairn.Engrams;
using Cairn.Engrams.Access;
using Cairn.Engrams.Recall;
using Cairn.Search;
using Cairn.Serialization;
using Cairn.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cairn.Benchmarks;

/// <summary>
/// Recall latency at scale: 50,000 engrams across 100 scopes in a throwaway database on the local PostgreSQL,
/// then recalls with an 8,000-token budget from an agent whose context spans 8 of the scopes (~4,000 engrams).
/// Calls RecallService directly (no HTTP), so the figures are the engram code, the search port (PostgreSQL BM25 +
/// pgvector with the local embedder) and the documents port.
/// Usage: dotnet run -c Release --project bench/Cairn.Benchmarks -- recall [recalls=300]
/// </summary>
internal static class RecallBenchmark
{
    private const int Engrams = 50_000;
    private const int ScopeCount = 100;
    private const int Budget = 8_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static async Task RunAsync(string[] args)
    {
        var recalls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        var admin = Environment.GetEnvironmentVariable("CAIRN_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=cairn;Database=cairn";
        // CAIRN_BENCH_DATABASE keeps the seeded database for the next run (seeding takes a while on a busy machine).
        var kept = Environment.GetEnvironmentVariable("CAIRN_BENCH_DATABASE");
        var database = kept ?? $"cairn_bench_recall_{DateTime.UtcNow:yyyyMMddHHmmss}";
        var seed = kept is null || !await ExistsAsync(admin, database);
        if (seed)
        {
            await AdminAsync(admin, $"create database \"{database}\"");
        }
        try
        {
            await using var services = Services(new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = 32 }.ConnectionString);
            // Migrations, the search schema and its model check, the embedder's load, the access drainer: as the app starts them.
            var hosted = services.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(CancellationToken.None);
            }
            if (seed)
            {
                var seeding = Stopwatch.StartNew();
                await SeedAsync(services, Scopes(), new Random(42));
                Console.WriteLine($"seeded {Engrams} engrams in {ScopeCount} scopes in {seeding.Elapsed.TotalSeconds:F1} s");
            }

            var caller = Owner(0);
            string[] context = ["user:u000", "group:g00", "group:g01", "group:g02", "space:s00", "space:s01", "org:o0", "global"];
            var recall = services.GetRequiredService<RecallService>();
            var cpu = new CpuMeter(services.GetRequiredService<NpgsqlDataSource>(), database);
            foreach (var record in new[] { false, true })
            {
                var start = await cpu.ReadAsync();
                var (timings, last) = await MeasureAsync(recall, caller, context, record, recalls, new Random(7));
                // Accesses are applied behind the responses: their cost counts once the drainer is idle.
                await services.GetRequiredService<AccessRecorder>().WhenIdleAsync();
                var (app, db) = CpuMeter.Between(start, await cpu.ReadAsync());
                timings.Sort();
                var placed = last.Constraints.Count + last.Directives.Count + last.Knowledge.Count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"recall (record_access={record.ToString().ToLowerInvariant()}): {recalls} recalls, {last.Candidates} candidates each, " +
                    $"{placed} engrams / {last.Tokens.Used} tokens returned: p50 {Percentile(timings, 0.50):F1} ms, p90 {Percentile(timings, 0.90):F1} ms, p95 {Percentile(timings, 0.95):F1} ms, " +
                    $"p99 {Percentile(timings, 0.99):F1} ms, max {timings[^1]:F1} ms; CPU per recall (warm-up included): app {app / (recalls + 20):F1} ms, " +
                    $"database {db / (recalls + 20):F1} ms"));
            }
            Console.WriteLine("where a peek's time goes, 100 recalls:");
            await RecallPhases.RunAsync(services, caller, context, 100, TaskText);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (kept is null)
            {
                try
                {
                    await AdminAsync(admin, $"drop database if exists \"{database}\" with (force)");
                }
                catch (PostgresException exception)
                {
                    // An autovacuum worker may still hold it; say so rather than hide why the run failed.
                    Console.Error.WriteLine($"could not drop {database}: {exception.MessageText}");
                }
            }
        }
    }

    private static async Task<(List<double> Timings, RecallResponse Last)> MeasureAsync(
        RecallService recall, Guid caller, string[] context, bool record, int count, Random random)
    {
        RecallResponse last = null!;
        for (var i = 0; i < 20; i++)
        {
            last = await recall.RecallAsync(caller, Request(context, record, random), CancellationToken.None);
        }
        var timings = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var request = Request(context, record, random);
            var stopwatch = Stopwatch.StartNew();
            last = await recall.RecallAsync(caller, request, CancellationToken.None);
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        return (timings, last);
    }

    private static RecallRequest Request(string[] context, bool record, Random random) => new(TaskText(random), null, context, Budget, record);

    /// <summary>A task of 6 words from the vocabulary.</summary>
    private static string TaskText(Random random) => string.Join(' ', Enumerable.Range(0, 6).Select(_ => Word(random)));

    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cairn:Postgres:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddCairnStorage();
        services.AddCairnEmbeddings(configuration);
        services.AddCairnSearch();
        services.AddEngrams();
        return services.BuildServiceProvider();
    }

    /// <summary>1 global, 4 org, 15 space, 30 group and 50 user scopes, 500 engrams each.</summary>
    private static List<string> Scopes() =>
    [
        "global",
        .. Enumerable.Range(0, 4).Select(i => $"org:o{i}"),
        .. Enumerable.Range(0, 15).Select(i => $"space:s{i:D2}"),
        .. Enumerable.Range(0, 30).Select(i => $"group:g{i:D2}"),
        .. Enumerable.Range(0, 50).Select(i => $"user:u{i:D3}"),
    ];

    private static Guid Owner(int index) => new($"00000000-0000-0000-0000-{index:D12}");

    private static async Task SeedAsync(IServiceProvider services, List<string> scopes, Random random)
    {
        var activation = services.GetRequiredService<ActivationModel>();
        var documents = new List<StoredEngram>(Engrams);
        for (var i = 0; i < Engrams; i++)
        {
            var scope = scopes[i % ScopeCount];
            var owner = scope.StartsWith("user:u", StringComparison.Ordinal) ? int.Parse(scope[6..], CultureInfo.InvariantCulture) : random.Next(50);
            var engram = Engram(i, scope, random);
            var learned = Now.AddDays(-random.Next(0, 120));
            var access = AccessHistory.Starting(learned);
            for (var a = random.Next(0, 6); a > 0; a--)
            {
                access = access.Record(learned.AddHours(random.Next(1, 24 * 60)) is var t && t < Now ? t : Now);
            }
            documents.Add(StoredEngrams.Build(engram, Owner(owner), $"agent-{owner}", access, 1, [], learned, Now, activation));
        }
        // Written with COPY straight into the PostgreSQL adapter's table, as its CreateAsync would store them:
        // 50,000 single inserts take minutes on a shared 2-core machine, and seeding is not what is measured.
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync("copy documents (container, pk, id, body, etag) from stdin (format binary)"))
        {
            foreach (var document in documents)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Containers.Engrams, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(document.Scope, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(document.DocumentIdentity, NpgsqlTypes.NpgsqlDbType.Text);
                await writer.WriteAsync(JsonSerializer.Serialize(document, CairnJson.Options), NpgsqlTypes.NpgsqlDbType.Jsonb);
                await writer.WriteAsync(Guid.NewGuid().ToString("N"), NpgsqlTypes.NpgsqlDbType.Text);
            }
            await writer.CompleteAsync();
        }
        await using var analyze = new NpgsqlCommand("analyze documents", connection);
        await analyze.ExecuteNonQueryAsync();

        // The search index, through the port, as learning writes it (with the local embedder's vectors).
        var index = services.GetRequiredService<EngramIndex>();
        await Parallel.ForEachAsync(documents.Chunk(500), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, token) =>
            await index.IndexAsync(batch, token));
    }

    private static Engram Engram(int index, string scope, Random random)
    {
        var roll = random.NextDouble();
        var polarity = roll < 0.3 ? "do" : roll < 0.5 ? "dont" : null;
        var opener = polarity switch { "do" => "Always", "dont" => "Never", _ => "The" };
        var words = string.Join(' ', Enumerable.Range(0, random.Next(8, 20)).Select(_ => Word(random)));
        var status = random.NextDouble() switch { < 0.90 => "active", < 0.95 => "candidate", < 0.98 => "dormant", _ => "retired" };
        var json = new JsonObject
        {
            ["id"] = $"ENG-BENCH-{index:D6}",
            ["status"] = status,
            ["type"] = "procedural",
            ["scope"] = scope,
            ["statement"] = $"{opener} {words}.",
            ["polarity"] = polarity,
            ["tags"] = new JsonArray(Word(random), Word(random)),
        };
        if (random.NextDouble() < 0.2)
        {
            json["contraindications"] = new JsonArray($"when {Word(random)} {Word(random)}");
        }
        if (random.NextDouble() < 0.01)
        {
            json["pinned"] = true;
        }
        if (random.NextDouble() < 0.005)
        {
            json["commitment"] = "locked";
        }
        if (random.NextDouble() < 0.05)
        {
            json["temporal"] = new JsonObject
            {
                ["learned_at"] = "2026-01-01",
                ["valid_until"] = Now.AddDays(random.Next(-30, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
        }
        return EngramBodies.Complete(json, Now);
    }

    /// <summary>Words from a 3,000-word synthetic vocabulary with a Zipf-like spread, so some are common and most are rare.</summary>
    private static string Word(Random random)
    {
        var rank = (int)Math.Min(2999, Math.Floor(Math.Exp(random.NextDouble() * Math.Log(3000))));
        return $"w{rank:x3}{(char)('a' + rank % 26)}";
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<bool> ExistsAsync(string connectionString, string database)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        command.Parameters.AddWithValue("name", database);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
