using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Clipboard;

public sealed class ClipboardVisibilityTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task APrivateEntryIsInvisibleToEveryoneElse()
    {
        var (ownerId, ownerKey, _) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        await (await _app.Client(ownerKey).PostJsonAsync("/api/v1/clipboard", new { name = "secret", value = "mine" })).JsonAsync(HttpStatusCode.Created);
        using var other = _app.Client(otherKey);

        await (await other.GetAsync($"/api/v1/clipboard/entry?name=secret&owner={ownerId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync("/api/v1/clipboard/entry?name=secret")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var list = await (await other.GetAsync($"/api/v1/clipboard?owner={ownerId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(list["entries"]!.AsArray());
        var privateOnly = await (await other.GetAsync($"/api/v1/clipboard?owner={ownerId}&visibility=private")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(privateOnly["entries"]!.AsArray());
    }

    [Fact]
    public async Task APublicEntryIsReadableByAnyAgentButChangedOnlyByItsOwner()
    {
        var (ownerId, ownerKey, _) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        await (await _app.Client(ownerKey).PostJsonAsync("/api/v1/clipboard", new { name = "notice", value = "hello all", visibility = "public" })).JsonAsync(HttpStatusCode.Created);
        using var other = _app.Client(otherKey);

        var read = await (await other.PostJsonAsync("/api/v1/clipboard/get", new { name = "notice", owner = ownerId })).JsonAsync(HttpStatusCode.OK);
        var list = await (await other.GetAsync($"/api/v1/clipboard?owner={ownerId}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("hello all", read.Str("value"));
        Assert.Equal(ownerId, read.Str("owner_id"));
        Assert.Equal("notice", Assert.Single(list["entries"]!.AsArray()).Str("name"));
        // Writes always address the caller's own clipboard: the other agent's delete and set touch only its own.
        await (await other.DeleteAsync("/api/v1/clipboard?name=notice")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.PostJsonAsync("/api/v1/clipboard", new { name = "notice", value = "defaced" })).JsonAsync(HttpStatusCode.Created);
        var again = await (await other.GetAsync($"/api/v1/clipboard/entry?name=notice&owner={ownerId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("hello all", again.Str("value"));
    }

    [Fact]
    public async Task AWorkspaceEntryIsReadableByMembersOnly()
    {
        var (ownerId, ownerKey, _) = await _app.RegisterAsync();
        var (_, memberKey, _) = await _app.RegisterAsync();
        var (_, strangerKey, _) = await _app.RegisterAsync();
        var (workspaceId, code) = await _app.CreateWorkspaceAsync(ownerKey);
        await _app.JoinWorkspaceAsync(memberKey, code);
        using var owner = _app.Client(ownerKey);
        await (await owner.PostJsonAsync("/api/v1/clipboard", new { name = "plan", value = "team plan", visibility = "workspace", workspace_id = workspaceId })).JsonAsync(HttpStatusCode.Created);
        await (await owner.PostJsonAsync("/api/v1/clipboard/push", new { value = "team step", visibility = "workspace", workspace_id = workspaceId })).JsonAsync(HttpStatusCode.Created);
        await (await owner.PostJsonAsync("/api/v1/clipboard", new { name = "own", value = "private" })).JsonAsync(HttpStatusCode.Created);
        using var member = _app.Client(memberKey);
        using var stranger = _app.Client(strangerKey);

        var read = await (await member.GetAsync($"/api/v1/clipboard/entry?name=plan&owner={ownerId}")).JsonAsync(HttpStatusCode.OK);
        var step = await (await member.GetAsync($"/api/v1/clipboard/entry?idx=1&owner={ownerId}")).JsonAsync(HttpStatusCode.OK);
        var memberList = await (await member.GetAsync($"/api/v1/clipboard?owner={ownerId}&visibility=workspace")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("team plan", read.Str("value"));
        Assert.Equal(workspaceId, read.Str("workspace_id"));
        Assert.Equal("team step", step.Str("value"));
        Assert.Equal(2, memberList["entries"]!.AsArray().Count);
        await (await stranger.GetAsync($"/api/v1/clipboard/entry?name=plan&owner={ownerId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var strangerList = await (await stranger.GetAsync($"/api/v1/clipboard?owner={ownerId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(strangerList["entries"]!.AsArray());
    }

    [Fact]
    public async Task SharingEndsWhenTheReaderIsRemovedOrTheOwnerLeaves()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (readerId, readerKey, _) = await _app.RegisterAsync();
        var (sharerId, sharerKey, _) = await _app.RegisterAsync();
        var (workspaceId, code) = await _app.CreateWorkspaceAsync(ownerKey);
        await _app.JoinWorkspaceAsync(readerKey, code);
        await _app.JoinWorkspaceAsync(sharerKey, code);
        using var sharer = _app.Client(sharerKey);
        await (await sharer.PostJsonAsync("/api/v1/clipboard", new { name = "shared", value = "v", visibility = "workspace", workspace_id = workspaceId })).JsonAsync(HttpStatusCode.Created);
        using var owner = _app.Client(ownerKey);
        using var reader = _app.Client(readerKey);
        await (await owner.GetAsync($"/api/v1/clipboard/entry?name=shared&owner={sharerId}")).JsonAsync(HttpStatusCode.OK);
        await (await reader.GetAsync($"/api/v1/clipboard/entry?name=shared&owner={sharerId}")).JsonAsync(HttpStatusCode.OK);

        await owner.DeleteAsync($"/api/v1/workspaces/{workspaceId}/members/{readerId}");
        await (await reader.GetAsync($"/api/v1/clipboard/entry?name=shared&owner={sharerId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        await sharer.DeleteAsync($"/api/v1/workspaces/{workspaceId}/members/{sharerId}");
        await (await owner.GetAsync($"/api/v1/clipboard/entry?name=shared&owner={sharerId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var list = await (await owner.GetAsync($"/api/v1/clipboard?owner={sharerId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(list["entries"]!.AsArray());
    }

    [Fact]
    public async Task SharingIntoAWorkspaceYouDoNotBelongToIsRefused()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, outsiderKey, _) = await _app.RegisterAsync();
        var (workspaceId, _) = await _app.CreateWorkspaceAsync(ownerKey);

        var response = await _app.Client(outsiderKey).PostJsonAsync("/api/v1/clipboard", new { name = "x", value = "x", visibility = "workspace", workspace_id = workspaceId });

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("must be a workspace you are a member of.", problem.FieldErrors("workspace_id"));
    }

    [Theory]
    [InlineData("workspace", false, "is required when visibility is workspace.")]
    [InlineData("public", true, "may only be given when visibility is workspace.")]
    public async Task AWorkspaceIdGoesWithWorkspaceVisibilityOnly(string visibility, bool withWorkspace, string rule)
    {
        var (_, key, _) = await _app.RegisterAsync();
        object body = withWorkspace
            ? new { name = "x", value = "x", visibility, workspace_id = Guid.NewGuid() }
            : new { name = "x", value = "x", visibility };

        var problem = await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains(rule, problem.FieldErrors("workspace_id"));
    }
}
