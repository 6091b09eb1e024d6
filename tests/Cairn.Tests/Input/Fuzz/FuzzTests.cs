using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Input.Fuzz;

// Every endpoint of the route table, fed a fixed-seed sample of malformed, mistyped, oversized, forbidden-character and
// boundary inputs: no answer is a 5xx, every /api/v1 error is problem+json, no refused request completes a document
// write, and after an endpoint whose cases were all refused every stored document is as it was (same ids, same ETags).
public sealed class FuzzTests
{
    private const int Seed = 20261206;
    private const int CasesPerEndpoint = 12;

    [Fact]
    public async Task NoGeneratedInputGivesA5xxOrChangesAnythingWhenRefused()
    {
        await using var world = await FuzzWorld.CreateAsync();
        var source = world.App.Services.GetRequiredService<EndpointDataSource>();
        var groups = FuzzCases.Generate(source, world.RouteValues, CasesPerEndpoint, Seed).ToList();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var sent = 0;

        // The last snapshot stays the baseline while nothing was accepted since it was taken.
        IReadOnlyList<string>? last = null;
        foreach (var (endpoint, cases) in groups)
        {
            // Reads are checked for 5xx and problem+json; writes also for what they leave behind.
            var writes = !endpoint.StartsWith("GET ", StringComparison.Ordinal);
            var before = writes ? last ??= await world.SnapshotAsync() : null;
            var accepted = false;
            foreach (var fuzz in cases)
            {
                var count = world.Store.Writes;
                var status = await SendAsync(world.Client, fuzz, failures);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                sent++;
                if (status < 400)
                {
                    accepted = true;
                    await world.SettledAsync();
                }
                else if (world.Store.Writes != count)
                {
                    failures.Add($"refused with {status}, yet {world.Store.Writes - count} document write(s) succeeded: {fuzz}");
                }
            }
            if (accepted)
            {
                last = null;
            }
            else if (before is not null)
            {
                // Every case refused: every stored document must still have the ETag it had.
                last = await world.SnapshotAsync();
                Compare(endpoint, before, last, failures);
            }
        }

        var summary = $"fuzz: {groups.Count} endpoints, {sent} requests in {clock.Elapsed.TotalSeconds:F1} s ({world.Snapshots} snapshots took {world.SnapshotTime.TotalSeconds:F1} s); statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; {failures.Count} failures";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(40)));
        Assert.True(sent >= 300, summary);
    }

    private static async Task<int> SendAsync(HttpClient client, FuzzCase fuzz, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
        if (fuzz.Body is not null)
        {
            var bytes = fuzz.Kind.EndsWith(FuzzInputs.BadUtf8, StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(fuzz.Body) : Encoding.UTF8.GetBytes(fuzz.Body);
            request.Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            failures.Add($"{status} for {fuzz}: {await response.Content.ReadAsStringAsync()}");
        }
        else if (status >= 400 && fuzz.Path.StartsWith("/api/v1", StringComparison.Ordinal)
            && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{status} without problem+json for {fuzz}");
        }
        return status;
    }

    private static void Compare(string what, IReadOnlyList<string> before, IReadOnlyList<string> after, List<string> failures)
    {
        if (!before.SequenceEqual(after))
        {
            var changed = after.Except(before).Concat(before.Except(after).Select(r => "gone: " + r)).Take(5);
            failures.Add($"refused, yet stored documents changed ({what}): {string.Join("; ", changed)}");
        }
    }
}
