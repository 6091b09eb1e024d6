using System.Net;
using Cairn.Tests.Engrams;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// DELETE of sessions, engrams, memories, memory sessions and workspaces: by their owner only, gone from every read.
public sealed class DeleteOwnDataTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task TheOwnerDeletesASessionByIdOrShortIdAndNobodyElseCan()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        var owner = _app.Client(ownerKey);
        var other = _app.Client(otherKey);
        var session = (await (await owner.PostJsonAsync("/api/v1/sessions", new { topic = "Tune autovacuum on a busy table", visibility = "public" })).JsonAsync(HttpStatusCode.Created))["session"]!;
        await (await owner.PostJsonAsync($"/api/v1/sessions/{session.Str("id")}/entries", new { entry_type = "note", content = new { text = "scale factor 0.01" } })).JsonAsync(HttpStatusCode.Created);

        await (await other.DeleteAsync($"/api/v1/sessions/{session.Str("id")}")).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var deleted = await owner.DeleteAsync($"/api/v1/sessions/{session.Str("short_id")}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await owner.GetAsync($"/api/v1/sessions/{session.Str("id")}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.GetAsync($"/api/v1/sessions/{session.Str("short_id")}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var status = await (await _app.Client().GetAsync("/api/v1/pulse/status")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(status["sessions"]!.AsArray(), s => s.Str("id") == session.Str("id"));
    }

    [Fact]
    public async Task AHardDeletedEngramIsGoneWithItsVersionsAndItsStatementCanBeLearnedAfresh()
    {
        var agent = await EngramApi.RegisterAsync(_app);
        var other = await EngramApi.RegisterAsync(_app);
        var statement = $"Always pin {Words.Marker()} base images by digest.";
        var id = (await agent.LearnAsync(new { statement, scope = "user:me", type = "behavioral", status = "active" }))["engram"].Str("id");
        await agent.PatchAsync(id, "{\"rationale\": \"tags move\"}");

        await (await other.Client.DeleteAsync($"/api/v1/engrams/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var deleted = await agent.Client.DeleteAsync($"/api/v1/engrams/{id}");
        var again = await agent.LearnAsync(new { statement, scope = "user:me", type = "behavioral", status = "active" });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await agent.Client.GetAsync($"/api/v1/engrams/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await agent.Client.GetAsync($"/api/v1/engrams/{id}/versions")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("created", again.Str("outcome"));
    }

    [Fact]
    public async Task ADeletedMemoryIsNeverFoundAgainAndADeletedMemorySessionTakesItsMemories()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var marker = Words.Marker();
        var session = await client.StartSessionAsync("to delete");
        var first = (await client.ObserveAsync(session, $"The {marker} cluster needs two replicas")).Str("id");
        var second = (await client.ObserveAsync(session, $"The {marker} backups run at night")).Str("id");

        await (await _app.Client(otherKey).DeleteAsync($"/api/v1/memory/{first}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var deleted = await client.DeleteAsync($"/api/v1/memory/{first}");
        var found = await client.SearchMemoryAsync(new { query = marker });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([second], found.Results().Select(r => r.Str("id")));
        await (await client.GetAsync($"/api/v1/memory/{first}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        using var sessionDeleted = await client.DeleteAsync($"/api/v1/memory/sessions/{session}");
        Assert.Equal(HttpStatusCode.NoContent, sessionDeleted.StatusCode);
        Assert.Empty((await client.SearchMemoryAsync(new { query = marker })).Results());
        await (await client.GetAsync($"/api/v1/memory/sessions/{session}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OnlyTheOwnerDeletesAWorkspaceAndEveryMembershipEnds()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (memberId, memberKey, _) = await _app.RegisterAsync();
        var owner = _app.Client(ownerKey);
        var member = _app.Client(memberKey);
        var created = await (await owner.PostJsonAsync("/api/v1/workspaces", new { name = "team" })).JsonAsync(HttpStatusCode.Created);
        var id = created.Str("id");
        await (await member.PostJsonAsync("/api/v1/workspaces/join", new { invite_code = created.Str("invite_code") })).JsonAsync(HttpStatusCode.OK);

        await (await member.DeleteAsync($"/api/v1/workspaces/{id}")).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var deleted = await owner.DeleteAsync($"/api/v1/workspaces/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await (await member.GetAsync("/api/v1/workspaces")).JsonAsync(HttpStatusCode.OK))["workspaces"]!.AsArray());
        await (await member.GetAsync($"/api/v1/workspaces/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _app.Client(memberKey).PostJsonAsync("/api/v1/workspaces/join", new { invite_code = created.Str("invite_code") })).ProblemAsync(HttpStatusCode.NotFound, "invalid_invite");
        Assert.NotEqual(memberId, id);
    }
}
