using System.Net;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// GET /memory/{id}/history: each memory's changes (ADD, then UPDATE by classification or decay), like mem0's; gone with
// the memory.
public sealed class MemoryHistoryTests
{
    private const string Text =
        "The nightly export job writes one Parquet file per tenant into the analytics bucket, then the loader reads them in " +
        "order of tenant id; when a tenant has no rows the job still writes an empty file, which the loader must skip.";

    [Fact]
    public async Task AMemorysHistoryShowsItsAdditionClassificationAndDecayWithTheTextBeforeAndAfterAndGoesWithIt()
    {
        var clock = new FakeClock();
        await using var isolated = await IsolatedApp.StartAsync(clock: clock);
        var app = isolated.App;
        var (_, key, _) = await app.RegisterAsync();
        var (_, otherKey, _) = await app.RegisterAsync();
        var client = app.Client(key);
        var session = await client.StartSessionAsync();
        var id = (await client.ObserveAsync(session, Text, type: "fact")).Str("id");
        await client.EndSessionAsync(session);

        clock.Advance(TimeSpan.FromDays(8));
        await app.RunJobAsync("memory-decay"); // classified into its ring, then compressed after seven days
        await client.MemoryAsync(id); // an access changes no text: not history
        var history = (await (await client.GetAsync($"/api/v1/memory/{id}/history")).JsonAsync(HttpStatusCode.OK))["history"]!.AsArray();
        await (await app.Client(otherKey).GetAsync($"/api/v1/memory/{id}/history")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var deleted = await client.DeleteAsync($"/api/v1/memory/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var events = history.Select(h => h.Str("event")).ToList();
        Assert.True(events[0] == "ADD", history.ToJsonString());
        Assert.True(events.Count >= 3, string.Join(", ", events)); // classified into its ring, then compressed
        Assert.All(events[1..], e => Assert.Equal("UPDATE", e));
        Assert.Contains(history, h => (string?)h!["stage"] == "compressed");
        Assert.Null((string?)history[0]!["old_memory"]);
        Assert.Equal(Text, history[0].Str("new_memory"));
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal((string?)history[i - 1]!["new_memory"], (string?)history[i]!["old_memory"]);
        }
        // Forgotten means removed from storage: the history went with the memory.
        await (await client.GetAsync($"/api/v1/memory/{id}/history")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
