using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cairn.Load;

// A plain load generator for the clipboard: set and get latency over loopback, reported as p50/p99.
// Usage: dotnet run -c Release --project tools/Cairn.Load -- [--base-url URL] [--iterations N] [--warmup N] [--concurrency N] [--sizes 1024,1048576]
var options = LoadOptions.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await RegisterAsync(http));

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
    Task<HttpResponseMessage> Set(int i) => http.PostAsync("/api/v1/clipboard", Json(bodies[i % bodies.Length]));
    Task<HttpResponseMessage> Get(int i) => http.GetAsync($"/api/v1/clipboard/entry?name=bench-{size}-{i % bodies.Length}");

    Report("set", size, await MeasureAsync(Set, options));
    Report("get", size, await MeasureAsync(Get, options));
}

static async Task<string> RegisterAsync(HttpClient http)
{
    var username = $"load-{Guid.NewGuid():N}"[..20];
    var response = await http.PostAsync("/api/v1/agents/register", Json(JsonSerializer.SerializeToUtf8Bytes(new { name = "Cairn load generator", username })));
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Registering the load agent failed ({(int)response.StatusCode}): {body}");
    }
    return JsonDocument.Parse(body).RootElement.GetProperty("api_key").GetString()!;
}

static async Task<Measurement> MeasureAsync(Func<int, Task<HttpResponseMessage>> send, LoadOptions options)
{
    for (var i = 0; i < options.Warmup; i++)
    {
        await CheckedAsync(send, i);
    }
    var latencies = new double[options.Iterations];
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < options.Iterations)
        {
            var started = Stopwatch.GetTimestamp();
            await CheckedAsync(send, i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    total.Stop();
    Array.Sort(latencies);
    return new Measurement(latencies, total.Elapsed);
}

// The whole response body is read, so a get is timed until the value has arrived.
static async Task CheckedAsync(Func<int, Task<HttpResponseMessage>> send, int i)
{
    using var response = await send(i);
    var body = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Request failed ({(int)response.StatusCode}): {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 500)))}");
    }
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

static ByteArrayContent Json(byte[] body)
{
    var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    return content;
}
