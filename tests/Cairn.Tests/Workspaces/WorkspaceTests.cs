using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Workspaces;

public sealed class WorkspaceTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task CreatingAWorkspaceMakesTheCreatorItsOwnerAndShowsTheInviteCodeOnce()
    {
        var (ownerId, key, username) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var created = await (await client.PostJsonAsync("/api/v1/workspaces", new { name = "  Research  " })).JsonAsync(HttpStatusCode.Created);
        var id = created.Str("id");

        Assert.Equal("Research", created.Str("name"));
        Assert.Equal(ownerId, created.Str("created_by"));
        Assert.Equal("owner", created.Str("role"));
        Assert.StartsWith("cairn_inv_", created.Str("invite_code"));
        var fetched = await (await client.GetAsync($"/api/v1/workspaces/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Null(fetched["invite_code"]);
        Assert.Null(fetched["invite_hash"]);
        var members = await (await client.GetAsync($"/api/v1/workspaces/{id}/members")).JsonAsync(HttpStatusCode.OK);
        var owner = Assert.Single(members["members"]!.AsArray());
        Assert.Equal(ownerId, owner.Str("agent_id"));
        Assert.Equal(username, owner.Str("username"));
        Assert.Equal("owner", owner.Str("role"));
    }

    [Fact]
    public async Task AnAgentJoinsWithTheInviteCodeAndIsListedAsAMember()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (memberId, memberKey, _) = await _app.RegisterAsync();
        var (id, code) = await _app.CreateWorkspaceAsync(ownerKey, "Shared");
        using var member = _app.Client(memberKey);

        var joined = await (await member.PostJsonAsync("/api/v1/workspaces/join", new { invite_code = code })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, joined.Str("id"));
        Assert.Equal("member", joined.Str("role"));
        var members = await (await member.GetAsync($"/api/v1/workspaces/{id}/members")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(members["members"]!.AsArray(), m => m.Str("agent_id") == memberId && m.Str("role") == "member");
        var mine = await (await member.GetAsync("/api/v1/workspaces")).JsonAsync(HttpStatusCode.OK);
        var listed = Assert.Single(mine["workspaces"]!.AsArray());
        Assert.Equal(id, listed.Str("id"));
        Assert.Equal("Shared", listed.Str("name"));
    }

    [Fact]
    public async Task JoiningTwiceIsHarmlessAndTheOwnerStaysOwner()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (id, code) = await _app.CreateWorkspaceAsync(ownerKey);
        using var owner = _app.Client(ownerKey);

        var again = await (await owner.PostJsonAsync("/api/v1/workspaces/join", new { invite_code = code })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("owner", again.Str("role"));
        var members = await (await owner.GetAsync($"/api/v1/workspaces/{id}/members")).JsonAsync(HttpStatusCode.OK);
        Assert.Single(members["members"]!.AsArray());
    }

    [Theory]
    [InlineData("cairn_inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-code")]
    public async Task AnUnknownInviteCodeIsRefused(string code)
    {
        var (_, key, _) = await _app.RegisterAsync();

        var response = await _app.Client(key).PostJsonAsync("/api/v1/workspaces/join", new { invite_code = code });

        await response.ProblemAsync(HttpStatusCode.NotFound, "invalid_invite");
    }

    [Fact]
    public async Task ANonMemberSeesNeitherTheWorkspaceNorItsMembers()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, strangerKey, _) = await _app.RegisterAsync();
        var (id, _) = await _app.CreateWorkspaceAsync(ownerKey);
        using var stranger = _app.Client(strangerKey);

        await (await stranger.GetAsync($"/api/v1/workspaces/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"/api/v1/workspaces/{id}/members")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"/api/v1/workspaces/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TheOwnerRemovesAMemberWhoThenLosesAccess()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (memberId, memberKey, _) = await _app.RegisterAsync();
        var (id, code) = await _app.CreateWorkspaceAsync(ownerKey);
        await _app.JoinWorkspaceAsync(memberKey, code);
        using var owner = _app.Client(ownerKey);
        using var member = _app.Client(memberKey);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/workspaces/{id}/members/{memberId}")).StatusCode);

        await (await member.GetAsync($"/api/v1/workspaces/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var mine = await (await member.GetAsync("/api/v1/workspaces")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(mine["workspaces"]!.AsArray());
        await (await owner.DeleteAsync($"/api/v1/workspaces/{id}/members/{memberId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AMemberCannotRemoveOthersButCanLeave()
    {
        var (ownerId, ownerKey, _) = await _app.RegisterAsync();
        var (firstId, firstKey, _) = await _app.RegisterAsync();
        var (secondId, secondKey, _) = await _app.RegisterAsync();
        var (id, code) = await _app.CreateWorkspaceAsync(ownerKey);
        await _app.JoinWorkspaceAsync(firstKey, code);
        await _app.JoinWorkspaceAsync(secondKey, code);
        using var first = _app.Client(firstKey);

        await (await first.DeleteAsync($"/api/v1/workspaces/{id}/members/{secondId}")).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await first.DeleteAsync($"/api/v1/workspaces/{id}/members/{ownerId}")).ProblemAsync(HttpStatusCode.Conflict, "owner_cannot_leave");
        Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync($"/api/v1/workspaces/{id}/members/{firstId}")).StatusCode);

        var members = await (await _app.Client(ownerKey).GetAsync($"/api/v1/workspaces/{id}/members")).JsonAsync(HttpStatusCode.OK);
        var remaining = members["members"]!.AsArray().Select(m => m.Str("agent_id")).Order().ToArray();
        Assert.Equal(new[] { ownerId, secondId }.Order().ToArray(), remaining);
    }

    [Fact]
    public async Task TheOwnerCannotBeRemoved()
    {
        var (ownerId, ownerKey, _) = await _app.RegisterAsync();
        var (id, _) = await _app.CreateWorkspaceAsync(ownerKey);

        var response = await _app.Client(ownerKey).DeleteAsync($"/api/v1/workspaces/{id}/members/{ownerId}");

        await response.ProblemAsync(HttpStatusCode.Conflict, "owner_cannot_leave");
    }

    [Fact]
    public async Task ReplacingTheInviteCodeStopsTheOldOneAtOnce()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, lateKey, _) = await _app.RegisterAsync();
        var (id, oldCode) = await _app.CreateWorkspaceAsync(ownerKey);

        var rotated = await (await _app.Client(ownerKey).PostAsync($"/api/v1/workspaces/{id}/invite-code", null)).JsonAsync(HttpStatusCode.OK);
        var newCode = rotated.Str("invite_code");

        Assert.NotEqual(oldCode, newCode);
        using var late = _app.Client(lateKey);
        await (await late.PostJsonAsync("/api/v1/workspaces/join", new { invite_code = oldCode })).ProblemAsync(HttpStatusCode.NotFound, "invalid_invite");
        await (await late.PostJsonAsync("/api/v1/workspaces/join", new { invite_code = newCode })).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OnlyTheOwnerReplacesTheInviteCode()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, memberKey, _) = await _app.RegisterAsync();
        var (_, strangerKey, _) = await _app.RegisterAsync();
        var (id, code) = await _app.CreateWorkspaceAsync(ownerKey);
        await _app.JoinWorkspaceAsync(memberKey, code);

        await (await _app.Client(memberKey).PostAsync($"/api/v1/workspaces/{id}/invite-code", null)).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Client(strangerKey).PostAsync($"/api/v1/workspaces/{id}/invite-code", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task MembersArePagedWithACursor()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (id, code) = await _app.CreateWorkspaceAsync(ownerKey);
        for (var i = 0; i < 4; i++)
        {
            var (_, key, _) = await _app.RegisterAsync();
            await _app.JoinWorkspaceAsync(key, code);
        }
        using var owner = _app.Client(ownerKey);

        var first = await (await owner.GetAsync($"/api/v1/workspaces/{id}/members?limit=3")).JsonAsync(HttpStatusCode.OK);
        var second = await (await owner.GetAsync($"/api/v1/workspaces/{id}/members?limit=3&cursor={first.Str("next_cursor")}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(3, first["members"]!.AsArray().Count);
        Assert.Equal(2, second["members"]!.AsArray().Count);
        Assert.Null(second["next_cursor"]);
        var all = first["members"]!.AsArray().Concat(second["members"]!.AsArray()).Select(m => m.Str("agent_id")).ToList();
        Assert.Equal(5, all.Distinct().Count());
    }

    [Fact]
    public async Task AWorkspaceNeedsAName()
    {
        var (_, key, _) = await _app.RegisterAsync();

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/workspaces", new { name = " " })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("is required.", problem.FieldErrors("name"));
    }

    [Fact]
    public async Task WorkspacesNeedAnApiKey()
    {
        await (await _app.Client().GetAsync("/api/v1/workspaces")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
