using System.Net;

namespace Cairn.Tests.Support;

public static class Agents
{
    // Registers a fresh agent and returns its id and API key.
    public static async Task<(string Id, string Key, string Username)> RegisterAsync(this CairnApp app, string? username = null)
    {
        username ??= $"agent-{Guid.NewGuid().ToString("N")[..12]}";
        using var client = app.Client();
        var body = await (await client.PostJsonAsync("/api/v1/agents/register", new { name = "Test Agent", username })).JsonAsync(HttpStatusCode.Created);
        return (body.Str("id"), body.Str("api_key"), username);
    }
}
