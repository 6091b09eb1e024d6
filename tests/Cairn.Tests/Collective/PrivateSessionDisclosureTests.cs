using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Collective;

// Another agent's private session does not exist as far as the caller can tell: asked for by its short id, every route
// answers exactly what an unknown short id gets, never the UUID behind it (which would confirm it exists, and when it
// was opened: the UUID is version 7).
public sealed class PrivateSessionDisclosureTests(AppFixture fixture)
{
    private static IEnumerable<(HttpMethod Method, string Path, object? Body)> Routes(string id) =>
    [
        (HttpMethod.Get, $"/api/v1/sessions/{id}", null),
        (HttpMethod.Patch, $"/api/v1/sessions/{id}", new { topic = "Taken over" }),
        (HttpMethod.Delete, $"/api/v1/sessions/{id}", null),
        (HttpMethod.Post, $"/api/v1/sessions/{id}/entries", new { entry_type = "note", content = new { text = "Hello." } }),
        (HttpMethod.Post, $"/api/v1/sessions/{id}/close", new { outcome = "success" }),
        (HttpMethod.Post, $"/api/v1/sessions/{id}/abandon", null),
        (HttpMethod.Post, $"/api/v1/sessions/{id}/contribute", new { contribution_type = "suggestion", content = new { text = "Try this." } }),
        (HttpMethod.Get, $"/api/v1/sessions/{id}/contributions", null),
    ];

    [Fact]
    public async Task EverySessionRouteAnswersAPrivateSessionsShortIdAsIfItDidNotExist()
    {
        var (_, owner, _) = await fixture.App.RegisterAsync();
        var (_, stranger, _) = await fixture.App.RegisterAsync();
        var opened = await (await fixture.App.Client(owner).PostJsonAsync("/api/v1/sessions", new { topic = "Private work", domain = "testing", visibility = "private" })).JsonAsync(HttpStatusCode.Created);
        var (uuid, shortId) = (opened["session"].Str("id"), opened["session"].Str("short_id"));
        using var client = fixture.App.Client(stranger);

        foreach (var ((method, path, body), (_, unknownPath, _)) in Routes(shortId).Zip(Routes("zzzzzzzz")))
        {
            var answer = await SendAsync(client, method, path, body);
            var unknown = await SendAsync(client, method, unknownPath, body);

            Assert.True(answer.Status == 404, $"{method} {path}: {answer.Status} {answer.Text}");
            Assert.DoesNotContain(uuid, answer.Text);
            Assert.Equal(JsonNode.Parse(unknown.Text)!.Str("detail").Replace("zzzzzzzz", shortId, StringComparison.Ordinal), JsonNode.Parse(answer.Text)!.Str("detail"));
        }
        var tool = await client.CallToolAsync("cairn_session_contribute", new { session_id = shortId, contribution_type = "suggestion", content = new { text = "Try this." } });
        Assert.True((bool?)tool["isError"]);
        Assert.DoesNotContain(uuid, tool.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Client(owner).GetAsync($"/api/v1/sessions/{shortId}")).StatusCode);
    }

    private static async Task<(int Status, string Text)> SendAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
