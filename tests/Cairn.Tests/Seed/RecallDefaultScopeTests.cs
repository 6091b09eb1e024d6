using System.Net;
using Cairn.Tests.Engrams;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// PLUR: a recall that names no scopes reads the caller's own engrams in every scope, its workspaces' and global.
public sealed class RecallDefaultScopeTests(AppFixture fixture)
{
    [Fact]
    public async Task ARecallWithoutScopesFindsTheCallersOwnEngramsEverywhereAndItsWorkspacesButNotOthersPrivateOnes()
    {
        var me = await EngramApi.RegisterAsync(fixture.App);
        var teammate = await EngramApi.RegisterAsync(fixture.App);
        var stranger = await EngramApi.RegisterAsync(fixture.App);
        var workspace = await (await me.Client.PostJsonAsync("/api/v1/workspaces", new { name = "payments" })).JsonAsync(HttpStatusCode.Created);
        await (await teammate.Client.PostJsonAsync("/api/v1/workspaces/join", new { invite_code = workspace.Str("invite_code") })).JsonAsync(HttpStatusCode.OK);
        var marker = Words.Marker();
        var personal = await me.ActiveAsync($"Run {marker} migrations before deploying.", "user:me");
        var project = await me.ActiveAsync($"The {marker} service deploys on Tuesdays.", "project:billing");
        var shared = await teammate.ActiveAsync($"Page the {marker} on-call before a risky deploy.", $"workspace:{workspace.Str("id")}", new { visibility = "public" });
        var foreign = await stranger.ActiveAsync($"Never deploy {marker} on Fridays.", "user:me");

        var recalled = await me.RecallAsync(new { task = $"deploy the {marker} service" });

        var ids = new[] { "constraints", "directives", "knowledge" }.SelectMany(g => recalled[g]!.AsArray()).Select(e => e.Str("id")).ToList();
        Assert.Contains(personal, ids);
        Assert.Contains(project, ids);
        Assert.Contains(shared, ids);
        Assert.DoesNotContain(foreign, ids);
        Assert.Contains("global", recalled["scopes"]!.AsArray().Select(s => (string)s!));
    }
}
