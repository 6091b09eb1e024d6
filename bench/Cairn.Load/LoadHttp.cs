using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cairn.Load;

// What every scenario needs: an agent to act as, timed requests, JSON bodies.
internal static class LoadHttp
{
    public static async Task<string> RegisterAsync(HttpClient http, string name = "Cairn load generator")
    {
        var username = $"load-{Guid.NewGuid():N}"[..20];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents/register") { Content = Json(new { name, username }) };
        // Each registration looks like its own client, so the per-address limit does not stop a scenario that needs several agents.
        request.Headers.Add("X-Forwarded-For", $"198.18.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}");
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering a load agent failed ({(int)response.StatusCode}): {body}");
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("api_key").GetString()!;
    }

    public static HttpClient Client(string baseUrl, string? apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    // Runs iterations timed requests after a warm-up, concurrency at a time.
    public static async Task<Measurement> MeasureAsync(Func<int, Task<HttpResponseMessage>> send, int iterations, int warmup, int concurrency)
    {
        for (var i = 0; i < warmup; i++)
        {
            await CheckedAsync(send, i);
        }
        var latencies = new double[iterations];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < iterations)
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

    // Like MeasureAsync for two targets: each iteration sends request i to both, in a random order, so both see the
    // same moment's machine noise (others' builds and benchmarks) and their ratio stays meaningful.
    public static async Task<(Measurement First, Measurement Second)> MeasurePairAsync(
        Func<int, Task<HttpResponseMessage>> first, Func<int, Task<HttpResponseMessage>> second, int iterations, int warmup, int concurrency)
    {
        var sends = new[] { first, second };
        for (var i = 0; i < warmup; i++)
        {
            await CheckedAsync(first, i);
            await CheckedAsync(second, i);
        }
        var latencies = new[] { new double[iterations], new double[iterations] };
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < iterations)
            {
                var firstTarget = Random.Shared.Next(2);
                for (var k = 0; k < 2; k++)
                {
                    var target = (firstTarget + k) % 2;
                    var started = Stopwatch.GetTimestamp();
                    await CheckedAsync(sends[target], i);
                    latencies[target][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
        }));
        total.Stop();
        Array.Sort(latencies[0]);
        Array.Sort(latencies[1]);
        return (new Measurement(latencies[0], total.Elapsed), new Measurement(latencies[1], total.Elapsed));
    }

    // Sends and reads the whole body, failing loudly on a non-success status.
    public static async Task<string> CheckedAsync(Func<int, Task<HttpResponseMessage>> send, int i)
    {
        using var response = await send(i);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"Request failed ({(int)response.StatusCode}): {body[..Math.Min(body.Length, 500)]}");
    }

    public static ByteArrayContent Json(object body) => Json(JsonSerializer.SerializeToUtf8Bytes(body));

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
