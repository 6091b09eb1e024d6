using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

// No agent ever sees another agent's memories or sessions, by any endpoint or layer.
public sealed class MemoryIsolationTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task AnotherAgentsMemoriesAndSessionsAreNowhereToBeFound()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, strangerKey, _) = await _app.RegisterAsync();
        var owner = _app.Client(ownerKey);
        var stranger = _app.Client(strangerKey);
        var marker = Words.Marker();
        var text = $"The {marker} service keeps its signing keys in the old vault; rotate them before the audit.";
        var session = await owner.StartSessionAsync($"Audit {marker}");
        var buffered = (await owner.ObserveAsync(session, text, outcome: "success")).Str("id");
        var ended = await owner.StartSessionAsync($"Audit {marker} again");
        var placed = (await owner.ObserveAsync(ended, $"Remember: the {marker} dashboard lives on the ops wiki.", type: "fact")).Str("id");
        await owner.EndSessionAsync(ended);
        // The stranger has memories of its own with the same words, so its searches do find something.
        var strangerSession = await stranger.StartSessionAsync();
        var own = (await stranger.ObserveAsync(strangerSession, $"My {marker} notes: rotate the signing keys of the vault.")).Str("id");

        foreach (var layer in new[] { 1, 2, 3 })
        {
            var found = await stranger.SearchMemoryAsync(new { query = $"{marker} signing keys vault dashboard audit", layer, limit = 50 });
            var ids = found.Results().Select(r => r.Str("id")).ToList();
            Assert.Contains(own, ids);
            Assert.DoesNotContain(buffered, ids);
            Assert.DoesNotContain(placed, ids);
            var byId = await stranger.SearchMemoryAsync(new { ids = new[] { buffered, placed, own }, layer });
            Assert.Equal([own], byId.Results().Select(r => r.Str("id")));
        }
        foreach (var id in new[] { buffered, placed })
        {
            await (await stranger.GetAsync($"/api/v1/memory/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
        foreach (var id in new[] { session, ended })
        {
            await (await stranger.GetAsync($"/api/v1/memory/sessions/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await stranger.PutAsync($"/api/v1/memory/sessions/{id}", JsonContent.Create(new { status = "ended" }))).ProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await stranger.PostJsonAsync("/api/v1/memory/observe", new { session_id = id, content = "sneaky" })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        // The owner still has everything, and the stranger's attempts changed nothing.
        var mine = await owner.SearchMemoryAsync(new { ids = new[] { buffered, placed, own } });
        Assert.Equal([buffered, placed], mine.Results().Select(r => r.Str("id")));
        var stillActive = await (await owner.GetAsync($"/api/v1/memory/sessions/{session}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("active", stillActive.Str("status"));
        Assert.Equal(1, (int)stillActive["observation_count"]!);
    }
}

// Made-up words for test texts: letters only (digits and hex runs would be scrubbed from patterns) and unique per call.
public static class Words
{
    public static string Marker() => "x" + string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('g' + Convert.ToInt32(c.ToString(), 16))));
}
