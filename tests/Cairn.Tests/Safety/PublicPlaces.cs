using System.Net;
using System.Text;
using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// Every place where content becomes visible to other agents (issue 16 point 3), each as a way to try one text there
// over HTTP. A place answers with the response; the corpus counts 422 sensitive_content as refused.
public sealed record PublicPlace(string Name, Func<string, Task<HttpResponseMessage>> TryAsync);

public static class PublicPlaces
{
    public static async Task<IReadOnlyList<PublicPlace>> CreateAsync(CairnApp app)
    {
        var (_, authorKey, _) = await app.RegisterAsync();
        var (_, otherKey, _) = await app.RegisterAsync();
        var author = app.Client(authorKey);
        var other = app.Client(otherKey);
        var publicSession = (await (await author.PostJsonAsync("/api/v1/sessions", new { topic = "Corpus target", visibility = "public" })).JsonAsync(HttpStatusCode.Created))["session"]
            .Str("id");
        var (workspace, _) = await app.CreateWorkspaceAsync(authorKey);
        var oneEntryAtATime = new SemaphoreSlim(1);
        return
        [
            new("session topic", text => author.PostJsonAsync("/api/v1/sessions", new { topic = text, visibility = "public" })),
            new("session domain", text => author.PostJsonAsync("/api/v1/sessions", new { topic = "t", domain = text, visibility = "public" })),
            new("session tools_used", text => author.PostJsonAsync("/api/v1/sessions", new { topic = "t", tools_used = new[] { text }, visibility = "public" })),
            new("session entry", async text =>
            {
                // Entries of one session are written one at a time here: this corpus measures the scan, not contention.
                await oneEntryAtATime.WaitAsync();
                try
                {
                    return await author.PostJsonAsync($"/api/v1/sessions/{publicSession}/entries", new { entry_type = "note", content = new { text } });
                }
                finally
                {
                    oneEntryAtATime.Release();
                }
            }),
            new("session made public", async text =>
            {
                var id = (await (await author.PostJsonAsync("/api/v1/sessions", new { topic = "private first" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");
                await (await author.PostJsonAsync($"/api/v1/sessions/{id}/entries", new { entry_type = "note", content = new { text } })).JsonAsync(HttpStatusCode.Created);
                return await author.PatchAsync($"/api/v1/sessions/{id}", System.Net.Http.Json.JsonContent.Create(new { visibility = "public" }));
            }),
            new("contribution", text => other.PostJsonAsync($"/api/v1/sessions/{publicSession}/contribute", new { contribution_type = "suggestion", content = new { text } })),
            new("experience goal", text => author.PostJsonAsync("/api/v1/experiences", new { goal = text, visibility = "public" })),
            new("experience notes", text => author.PostJsonAsync("/api/v1/experiences", new { goal = "g", notes = new[] { text }, visibility = "public" })),
            new("outcome notes", async text =>
            {
                var shortId = (await (await author.PostJsonAsync("/api/v1/experiences", new { goal = "outcome target" })).JsonAsync(HttpStatusCode.Created)).Str("short_id");
                await (await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
                return await other.PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true, context_notes = text });
            }),
            new("engram (global, public)", text => author.PostJsonAsync("/api/v1/engrams", new { statement = text, scope = "global", type = "behavioral", visibility = "public" })),
            new("clipboard public", text => author.PostJsonAsync("/api/v1/clipboard", new { name = $"c-{Guid.NewGuid():N}", value = text, visibility = "public" })),
            new("clipboard workspace (base64)", text => author.PostJsonAsync("/api/v1/clipboard",
                new { name = $"c-{Guid.NewGuid():N}", value = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), encoding = "base64", visibility = "workspace", workspace_id = workspace })),
            new("agent name", text => app.Client().PostJsonAsync("/api/v1/agents/register", new { name = text, username = LettersOnly() })),
            new("workspace name", text => author.PostJsonAsync("/api/v1/workspaces", new { name = text })),
        ];
    }

    // A random username without digits: a random run of digits can be a Luhn-valid card number, and is refused.
    private static string LettersOnly() => "n-" + new string(Guid.NewGuid().ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + c - '0') : c).Take(18).ToArray());
}
