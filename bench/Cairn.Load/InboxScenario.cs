using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Cairn.Load;

// Inbox reads at scale (docs/pulse.md): one agent's public session receives Events contributions from another agent,
// each an event in the owner's inbox; then the owner's reads are timed.
internal static class InboxScenario
{
    public static async Task RunAsync(LoadOptions options, HttpClient registrar, HttpClient contributor)
    {
        using var owner = LoadHttp.Client(options.BaseUrl, await LoadHttp.RegisterAsync(registrar, "Load inbox owner"));
        var sessionId = JsonDocument.Parse(await LoadHttp.CheckedAsync(_ => owner.PostAsync("/api/v1/sessions", LoadHttp.Json(new { topic = "A busy public session", visibility = "public" })), 0))
            .RootElement.GetProperty("session").GetProperty("id").GetString();
        var seeding = Stopwatch.StartNew();
        await LoadHttp.MeasureAsync(i => contributor.PostAsync($"/api/v1/sessions/{sessionId}/contribute",
            LoadHttp.Json(new { content = new { text = $"Idea {i}: how to tune connection pooling under load using postgresql" }, contribution_type = "suggestion" })), options.Events, 0, 8);
        Console.WriteLine();
        Console.WriteLine($"Seeded {options.Events} inbox events (contributions) in {seeding.Elapsed.TotalSeconds:F1} s at concurrency 8.");
        Console.WriteLine();
        Console.WriteLine("| operation | requests | concurrency | p50 (ms) | p95 (ms) | p99 (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var second = JsonDocument.Parse(await LoadHttp.CheckedAsync(_ => owner.GetAsync("/api/v1/pulse/inbox"), 0)).RootElement.GetProperty("next_cursor").GetString();
        Report($"inbox read, {options.Events} events (limit 50 + unread_count)", await LoadHttp.MeasureAsync(_ => owner.GetAsync("/api/v1/pulse/inbox"), options.Iterations, 20, 1));
        Report("inbox read, unread only", await LoadHttp.MeasureAsync(_ => owner.GetAsync("/api/v1/pulse/inbox?unread_only=true"), options.Iterations, 20, 1));
        if (second is not null) // 50 events or fewer fit on one page
        {
            Report("inbox read, second page (cursor)", await LoadHttp.MeasureAsync(_ => owner.GetAsync($"/api/v1/pulse/inbox?cursor={Uri.EscapeDataString(second)}"), options.Iterations, 20, 1));
        }
    }

    private static void Report(string operation, Measurement m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {operation} | {m.Latencies.Length} | 1 | {m.Percentile(50):F1} | {m.Percentile(95):F1} | {m.Percentile(99):F1} |"));
}
