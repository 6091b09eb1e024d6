using System.Net;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// GET /agents/me/export returns everything an agent owns; DELETE /agents/me erases it and anonymises what it gave
// others.
public sealed class AgentDataTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task TheExportHoldsEverythingTheAgentOwnsAndNoKey()
    {
        var (id, key, username) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var marker = Words.Marker();
        var session = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = $"Export {marker} session" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");
        await (await client.PostJsonAsync($"/api/v1/sessions/{session}/entries", new { entry_type = "note", content = new { text = $"{marker} entry" } })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/experiences", new { goal = $"Export {marker} experience" })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "secret-ish", value = $"{marker} clipboard value" })).JsonAsync(HttpStatusCode.Created);
        await client.ObserveAsync(await client.StartSessionAsync("m"), $"{marker} memory");
        await (await client.PostJsonAsync("/api/v1/engrams", new { statement = $"Prefer {marker} over guesses.", scope = "user:me", type = "behavioral" })).JsonAsync(HttpStatusCode.Created);

        using var response = await client.GetAsync("/api/v1/agents/me/export");
        var text = await response.Content.ReadAsStringAsync();
        var export = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(username, export["agent"].Str("username"));
        Assert.Contains($"{marker} entry", Assert.Single(export["sessions"]!.AsArray())!["entries"]![0]!.ToJsonString());
        Assert.Contains(marker, Assert.Single(export["experiences"]!.AsArray()).Str("goal"));
        Assert.Equal($"{marker} clipboard value", Assert.Single(export["clipboard"]!.AsArray()).Str("value"));
        Assert.Contains(marker, Assert.Single(export["memories"]!.AsArray())!.ToJsonString());
        Assert.Contains(marker, Assert.Single(export["engrams"]!.AsArray()).Str("statement"));
        Assert.Single(export["memory_sessions"]!.AsArray());
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain("key_hash", text);
        Assert.Equal(id, export["agent"].Str("id"));
    }

    [Fact]
    public async Task DeletingTheAgentErasesItsDataAndKeyAndAnonymisesItsContributions()
    {
        var (_, key, username) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        var leaver = _app.Client(key);
        var other = _app.Client(otherKey);
        var marker = Words.Marker();
        var created = await (await leaver.PostJsonAsync("/api/v1/experiences", new { goal = $"Leaving {marker} knowledge" })).JsonAsync(HttpStatusCode.Created);
        await (await leaver.PostAsync($"/api/v1/experiences/{created.Str("short_id")}/publish", null)).JsonAsync(HttpStatusCode.OK);
        var othersSession = (await (await other.PostJsonAsync("/api/v1/sessions", new { topic = $"Other {marker} work", visibility = "public" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");
        await (await leaver.PostJsonAsync($"/api/v1/sessions/{othersSession}/contribute", new { contribution_type = "suggestion", content = new { text = $"try {marker}" } })).JsonAsync(HttpStatusCode.Created);
        await (await leaver.PostJsonAsync("/api/v1/clipboard", new { name = "n", value = "v" })).JsonAsync(HttpStatusCode.Created);
        await leaver.ObserveAsync(await leaver.StartSessionAsync("m"), $"{marker} memory");

        var report = await (await leaver.DeleteAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((1, 1, 1, 1), ((int)report["experiences_deleted"]!, (int)report["contributions_anonymised"]!, (int)report["clipboard_entries_deleted"]!, (int)report["memories_deleted"]!));
        await (await leaver.GetAsync("/api/v1/agents/me")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await other.GetAsync($"/api/v1/experiences/{created.Str("short_id")}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var search = await (await other.PostJsonAsync("/api/v1/experiences/search", new { query = marker, limit = 50 })).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(search["results"]!.AsArray(), r => r.Str("short_id") == created.Str("short_id"));
        var contribution = Assert.Single((await (await other.GetAsync($"/api/v1/sessions/{othersSession}/contributions")).JsonAsync(HttpStatusCode.OK))["contributions"]!.AsArray())!;
        Assert.Equal("deleted-agent", contribution["contributor"].Str("username"));
        Assert.Contains(marker, contribution["content"].Str("text")); // the help stays, the name goes
        // The username is free again.
        await (await _app.Client().PostJsonAsync("/api/v1/agents/register", new { name = "Again", username })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task DeletingTheAgentDeletesTheWorkspacesItOwnsAndLeavesTheOnesItJoined()
    {
        var (leaverId, key, _) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        var other = _app.Client(otherKey);
        var (owned, ownedInvite) = await _app.CreateWorkspaceAsync(key, "Leaver's");
        var (joined, joinedInvite) = await _app.CreateWorkspaceAsync(otherKey, "Other's");
        await _app.JoinWorkspaceAsync(otherKey, ownedInvite);
        await _app.JoinWorkspaceAsync(key, joinedInvite);

        var report = await (await _app.Client(key).DeleteAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, (int)report["workspaces_deleted"]!);
        await (await other.GetAsync($"/api/v1/workspaces/{owned}/members")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var members = await (await other.GetAsync($"/api/v1/workspaces/{joined}/members")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(members["members"]!.AsArray(), m => m.Str("agent_id") == leaverId);
        Assert.Single(members["members"]!.AsArray());
    }
}
