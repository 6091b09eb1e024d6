using System.Net;
using System.Text.Json.Nodes;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Integrity;

// Writers racing for the last places of a capped session (500 entries, 500 observations): exactly the places left are
// taken, every one counted is stored and every one stored is counted (issue 15's leftovers).
public sealed class CapContentionTests(AppFixture fixture)
{
    private const int Racers = 20;
    private const int PlacesLeft = 5;

    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task TwentyParallelEntriesIntoASessionWithFivePlacesLeftStopExactlyAtTheCap()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var sessionId = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Racing for the last entries" })).JsonAsync(HttpStatusCode.Created))["session"]
            .Str("id");
        // The session as if it held 495 entries already: the cap reads the count, and writing 495 real ones adds nothing.
        await SetCountAsync(Containers.Sessions, sessionId, "session", "entry_count", 500 - PlacesLeft);

        var statuses = await RaceAsync(i => client.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "note", content = new { text = $"racer {i}" } }));

        Assert.Equal(PlacesLeft, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(Racers - PlacesLeft, statuses.Count(s => s == HttpStatusCode.Conflict));
        var session = await (await client.GetAsync($"/api/v1/sessions/{sessionId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(500, (int)session["entry_count"]!);
        Assert.Equal(PlacesLeft, session["entries"]!.AsArray().Count);
    }

    [Fact]
    public async Task TwentyParallelObservationsIntoASessionWithFivePlacesLeftStoreAndCountExactlyFive()
    {
        var (agentId, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var sessionId = (await (await client.PostJsonAsync("/api/v1/memory/sessions", new { title = "Racing for the last observations" })).JsonAsync(HttpStatusCode.Created))
            .Str("id");
        await SetCountAsync(Containers.MemorySessions, agentId, sessionId, "observation_count", 500 - PlacesLeft);

        var statuses = await RaceAsync(i => client.PostJsonAsync("/api/v1/memory/observe",
            new { session_id = sessionId, content = $"Observation {i}: the cache warms in ninety seconds.", type = "lesson" }));

        Assert.Equal(PlacesLeft, statuses.Count(s => s == HttpStatusCode.OK || s == HttpStatusCode.Created));
        Assert.Equal(Racers - PlacesLeft, statuses.Count(s => s == HttpStatusCode.Conflict));
        var session = await (await client.GetAsync($"/api/v1/memory/sessions/{sessionId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(500, (int)session["observation_count"]!);
        var stored = await _app.Services.GetRequiredService<IDocumentStore>().CountAsync(new DocumentQuery(Containers.Memories)
        {
            PartitionKey = agentId, Filters = [Filter.Eq("kind", "memory"), Filter.Eq("session_id", Guid.Parse(sessionId))],
        }, CancellationToken.None);
        Assert.Equal(PlacesLeft, stored);
    }

    // Every racer at once; a 409 contention is sent again (as a client honouring Retry-After would), session_full is final.
    private static async Task<IReadOnlyList<HttpStatusCode>> RaceAsync(Func<int, Task<HttpResponseMessage>> send) =>
        await Task.WhenAll(Enumerable.Range(0, Racers).Select(async i =>
        {
            for (var attempt = 0; ; attempt++)
            {
                using var response = await send(i);
                if (response.IsSuccessStatusCode)
                {
                    return response.StatusCode;
                }
                var code = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"];
                Assert.True(response.StatusCode == HttpStatusCode.Conflict && code is "session_full" or "contention", $"racer {i}: {(int)response.StatusCode} {code}");
                if (code == "session_full" || attempt == 20)
                {
                    return response.StatusCode;
                }
            }
        }));

    private async Task SetCountAsync(string container, string partitionKey, string id, string field, int count)
    {
        var store = _app.Services.GetRequiredService<IDocumentStore>();
        var document = (await store.ReadAsync<JsonObject>(container, partitionKey, id, CancellationToken.None))!;
        var body = document.Body.DeepClone().AsObject();
        body[field] = count;
        await store.ReplaceAsync(container, partitionKey, id, body, document.ETag, null, CancellationToken.None);
    }
}
