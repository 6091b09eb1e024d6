using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cairn.Load;

// A plain load generator against a running Cairn over loopback, reported as p50/p99.
// Clipboard (default): dotnet run -c Release --project bench/Cairn.Load -- [--base-url URL] [--iterations N] [--warmup N] [--concurrency N] [--sizes 1024,1048576]
// Collective and inbox: … -- --scenario collective [--experiences 10000] [--events 10000] [--iterations 500] [--concurrency 8]  (docs/experiences.md)
// Two builds side by side: … -- --scenario collective --base-url URL --compare-url URL2 [--experiences 10000] [--iterations 500] [--concurrency 8]  (docs/experiences.md)
// Inbox only: … -- --scenario inbox [--events 10000] [--iterations 500]  (docs/pulse.md)
// Webhooks (publish → receiver): … -- --scenario webhooks [--iterations 500] [--warmup 50], app run with Cairn__Webhooks__AllowPrivateNetworks=true  (docs/events.md)
var options = LoadOptions.Parse(args);
if (options.Scenario == "collective" && options.CompareUrl is not null)
{
    await CollectiveComparison.RunAsync(options);
    return;
}
if (options.Scenario == "collective")
{
    await CollectiveScenario.RunAsync(options);
    return;
}
if (options.Scenario == "inbox")
{
    using var inboxRegistrar = LoadHttp.Client(options.BaseUrl, null);
    using var contributor = LoadHttp.Client(options.BaseUrl, await LoadHttp.RegisterAsync(inboxRegistrar, "Load contributor"));
    Console.WriteLine($"Cairn inbox load: {options.BaseUrl}, {options.Events} inbox events, {options.Iterations} timed requests per row");
    await InboxScenario.RunAsync(options, inboxRegistrar, contributor);
    return;
}
if (options.Scenario == "webhooks")
{
    using var hooksRegistrar = LoadHttp.Client(options.BaseUrl, null);
    using var hooksAgent = LoadHttp.Client(options.BaseUrl, await LoadHttp.RegisterAsync(hooksRegistrar, "Load webhook receiver"));
    Console.WriteLine($"Cairn webhook latency: {options.BaseUrl}, {options.Iterations} deliveries after {options.Warmup} warm-up, one at a time");
    await WebhookScenario.RunAsync(options, hooksAgent);
    return;
}
using var registrar = LoadHttp.Client(options.BaseUrl, null);
using var http = LoadHttp.Client(options.BaseUrl, await LoadHttp.RegisterAsync(registrar));

Console.WriteLine($"Cairn clipboard load: {options.BaseUrl}, {options.Iterations} timed requests per row after {options.Warmup} warm-up, concurrency {options.Concurrency}");
Console.WriteLine();
Console.WriteLine("| operation | value size | requests | p50 (ms) | p99 (ms) | mean (ms) | requests/s |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var size in options.Sizes)
{
    // Eight names cycled, so most sets replace an existing entry, as an agent's working set would.
    var bodies = Enumerable.Range(0, 8)
        .Select(i => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["name"] = $"bench-{size}-{i}", ["value"] = RandomText(size) }))
        .ToArray();
    Task<HttpResponseMessage> Set(int i) => http.PostAsync("/api/v1/clipboard", LoadHttp.Json(bodies[i % bodies.Length]));
    Task<HttpResponseMessage> Get(int i) => http.GetAsync($"/api/v1/clipboard/entry?name=bench-{size}-{i % bodies.Length}");

    Report("set", size, await LoadHttp.MeasureAsync(Set, options.Iterations, options.Warmup, options.Concurrency));
    Report("get", size, await LoadHttp.MeasureAsync(Get, options.Iterations, options.Warmup, options.Concurrency));
}

static void Report(string operation, int size, Measurement m) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {operation} | {Size(size)} | {m.Latencies.Length} | {m.Percentile(50):F2} | {m.Percentile(99):F2} | {m.Latencies.Average():F2} | {m.Latencies.Length / m.Elapsed.TotalSeconds:F0} |"));

static string Size(int bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : bytes >= 1 << 10 ? $"{bytes >> 10} KiB" : $"{bytes} B";

static string RandomText(int bytes)
{
    const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
    return string.Create(bytes, alphabet, (span, chars) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = chars[Random.Shared.Next(chars.Length)];
        }
    });
}
