using System.Net;

namespace Cairn.Tests.Support;

public static class Workspaces
{
    // Creates a workspace as the agent with ownerKey; returns its id and invite code.
    public static async Task<(string Id, string InviteCode)> CreateWorkspaceAsync(this CairnApp app, string ownerKey, string name = "Team")
    {
        using var client = app.Client(ownerKey);
        var body = await (await client.PostJsonAsync("/api/v1/workspaces", new { name })).JsonAsync(HttpStatusCode.Created);
        return (body.Str("id"), body.Str("invite_code"));
    }

    public static async Task JoinWorkspaceAsync(this CairnApp app, string key, string inviteCode)
    {
        using var client = app.Client(key);
        await (await client.PostJsonAsync("/api/v1/workspaces/join", new { invite_code = inviteCode })).JsonAsync(HttpStatusCode.OK);
    }
}
