using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Cairn.Load;

// Issue-level latency figures for the collective and the inbox against a running app: seeds generated experiences, then
// times search, open-session (with its matching experiences), close-to-searchable, and inbox reads.
internal static class CollectiveScenario
{
    private static readonly string[] Domains = ["infrastructure", "deployment", "databases", "frontend", "testing", "security", "networking", "observability"];
    private static readonly string[] Tools = ["postgresql", "docker", "kubernetes", "nginx", "redis", "terraform", "python", "node", "react", "github", "aws", "azure", "kafka", "grafana", "linux", "java"];
    private static readonly string[] Actions = ["set up", "configure", "debug", "migrate", "optimise", "secure", "deploy", "monitor", "scale", "automate"];
    private static readonly string[] Subjects =
    [
        "streaming replication for read replicas", "connection pooling under load", "TLS certificates with automatic renewal", "the build cache in CI",
        "a memory leak in a long-running worker", "rate limiting at the edge", "websocket upgrades behind a reverse proxy", "zero-downtime schema migrations",
        "blue-green releases", "log aggregation across services", "secrets rotation for service accounts", "slow queries on a large table",
        "flaky integration tests", "container image size", "DNS resolution inside the cluster", "backups and point-in-time recovery",
        "message ordering in a partitioned topic", "cold starts of serverless functions", "cache invalidation after writes", "alerting on error budgets",
    ];

    public static async Task RunAsync(LoadOptions options)
    {
        using var registrar = LoadHttp.Client(options.BaseUrl, null);
        using var author = LoadHttp.Client(options.BaseUrl, await LoadHttp.RegisterAsync(registrar, "Load author"));
        using var reader = LoadHttp.Client(options.BaseUrl, await LoadHttp.RegisterAsync(registrar, "Load reader"));
        Console.WriteLine($"Cairn collective load: {options.BaseUrl}, {options.Experiences} experiences, {options.Events} inbox events, {options.Iterations} timed requests per row");

        var seeding = Stopwatch.StartNew();
        await LoadHttp.MeasureAsync(i => PublishAsync(author, i), options.Experiences, 0, 8);
        Console.WriteLine($"Seeded {options.Experiences} experiences (create + publish) in {seeding.Elapsed.TotalSeconds:F1} s at concurrency 8.");
        Console.WriteLine();
        Console.WriteLine("| operation | requests | concurrency | p50 (ms) | p95 (ms) | p99 (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|");

        foreach (var concurrency in new[] { 1, options.Concurrency }.Distinct())
        {
            Report(SearchRow, concurrency, await LoadHttp.MeasureAsync(i => Search(reader, i), options.Iterations, 20, concurrency));
            Report(OpenRow, concurrency, await LoadHttp.MeasureAsync(i => Open(reader, i), options.Iterations, 20, concurrency));
        }
        Report("closed session → first search that finds it", 1, await CloseToSearchableAsync(reader, Math.Min(options.Iterations, 100)));

        await InboxScenario.RunAsync(options, registrar, reader);
    }

    internal const string SearchRow = "search (hybrid, limit 10)";
    internal const string OpenRow = "open session (+ matching experiences, active sessions)";

    internal static Task<HttpResponseMessage> Search(HttpClient reader, int i) =>
        reader.PostAsync("/api/v1/experiences/search", LoadHttp.Json(new { query = Query(i), limit = 10 }));

    internal static Task<HttpResponseMessage> Open(HttpClient reader, int i) =>
        reader.PostAsync("/api/v1/sessions", LoadHttp.Json(new { topic = Query(i + 7), domain = Domains[i % Domains.Length], tools_used = new[] { Tools[i % Tools.Length] }, visibility = "private" }));

    internal static Task<HttpResponseMessage> PublishAsync(HttpClient author, int i) => PublishCoreAsync(author, i);

    private static async Task<HttpResponseMessage> PublishCoreAsync(HttpClient author, int i)
    {
        var (action, subject, tool, domain) = (Actions[i % Actions.Length], Subjects[i / Actions.Length % Subjects.Length], Tools[i * 7 % Tools.Length], Domains[i % Domains.Length]);
        var created = await LoadHttp.CheckedAsync(_ => author.PostAsync("/api/v1/experiences", LoadHttp.Json(new
        {
            goal = $"{Cap(action)} {subject} with {tool} (#{i})",
            domain,
            tools_used = new[] { tool, Tools[(i + 3) % Tools.Length] },
            outcome = i % 5 == 0 ? "partial" : "success",
            dead_ends = new[] { new { what = $"Tried the default {tool} settings for {subject}", why = "throughput dropped under load and errors appeared" } },
            breakthroughs = new[] { new { insight = $"Tune {tool} explicitly before you {action} {subject}", detail = "measure first, then change one setting at a time", importance = "high" } },
            gotchas = new[] { new { warning = $"{Cap(tool)} restarts reset the change", context = "when the config is not persisted" } },
        })), i);
        var shortId = JsonDocument.Parse(created).RootElement.GetProperty("short_id").GetString();
        return await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null);
    }

    // Time from a close's response to the first search response that lists the new experience.
    private static async Task<Measurement> CloseToSearchableAsync(HttpClient agent, int trials)
    {
        var latencies = new double[trials];
        var total = Stopwatch.StartNew();
        for (var t = 0; t < trials; t++)
        {
            var marker = $"zq{Guid.NewGuid():N}"[..14];
            var opened = await LoadHttp.CheckedAsync(_ => agent.PostAsync("/api/v1/sessions", LoadHttp.Json(new { topic = $"Fix {marker} timeouts", visibility = "public" })), t);
            var id = JsonDocument.Parse(opened).RootElement.GetProperty("session").GetProperty("id").GetString();
            await LoadHttp.CheckedAsync(_ => agent.PostAsync($"/api/v1/sessions/{id}/entries", LoadHttp.Json(new { entry_type = "breakthrough", content = new { insight = $"{marker} needs a longer idle timeout" } })), t);
            await LoadHttp.CheckedAsync(_ => agent.PostAsync($"/api/v1/sessions/{id}/close", LoadHttp.Json(new { outcome = "success" })), t);
            var closedAt = Stopwatch.GetTimestamp();
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var found = await LoadHttp.CheckedAsync(_ => agent.PostAsync("/api/v1/experiences/search", LoadHttp.Json(new { query = $"{marker} timeouts", limit = 3 })), t);
                if (found.Contains(id!, StringComparison.Ordinal))
                {
                    break;
                }
            }
            latencies[t] = Stopwatch.GetElapsedTime(closedAt).TotalMilliseconds;
        }
        Array.Sort(latencies);
        return new Measurement(latencies, total.Elapsed);
    }

    private static string Query(int i) =>
        $"how to {Actions[(i * 3) % Actions.Length]} {Subjects[(i * 11) % Subjects.Length]} using {Tools[(i * 5) % Tools.Length]}";

    private static string Cap(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static void Report(string operation, int concurrency, Measurement m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {operation} | {m.Latencies.Length} | {concurrency} | {m.Percentile(50):F1} | {m.Percentile(95):F1} | {m.Percentile(99):F1} |"));
}
