using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// Every place where content becomes visible to other agents (issue 16 point 3), each as a way to try one text there
// over HTTP. A place answers with the response; the corpus counts 422 sensitive_content as refused.
public sealed record PublicPlace(string Name, Func<string, Task<HttpResponseMessage>> TryAsync);

public static class PublicPlaces
{
    public static readonly IReadOnlyList<string> Names =
    [
        "session topic", "session domain", "session tools_used", "session entry", "session made public", "contribution", "experience goal",
        "experience notes", "outcome notes", "engram (global, public)", "clipboard public", "clipboard workspace (base64)", "agent name", "workspace name",
    ];

    // One place, with what it needs made first; concurrency is how many texts the caller tries at once.
    public static async Task<PublicPlace> CreateAsync(CairnApp app, string name, int concurrency)
    {
        var (_, authorKey, _) = await app.RegisterAsync();
        var author = app.Client(authorKey);
        Func<string, Task<HttpResponseMessage>> tryAsync = name switch
        {
            "session topic" => text => author.PostJsonAsync("/api/v1/sessions", new { topic = text, visibility = "public" }),
            "session domain" => text => author.PostJsonAsync("/api/v1/sessions", new { topic = "t", domain = text, visibility = "public" }),
            "session tools_used" => text => author.PostJsonAsync("/api/v1/sessions", new { topic = "t", tools_used = new[] { text }, visibility = "public" }),
            // Each text goes to a session no other text is writing to at that moment: this corpus measures the scan, not
            // contention, and no session reaches its entry limit.
            "session entry" => await InPublicSessionsAsync(author, concurrency, (session, text) =>
                author.PostJsonAsync($"/api/v1/sessions/{session}/entries", new { entry_type = "note", content = new { text } })),
            "session made public" => async text =>
            {
                var id = (await (await author.PostJsonAsync("/api/v1/sessions", new { topic = "private first" })).JsonAsync(HttpStatusCode.Created))["session"].Str("id");
                await (await author.PostJsonAsync($"/api/v1/sessions/{id}/entries", new { entry_type = "note", content = new { text } })).JsonAsync(HttpStatusCode.Created);
                return await author.PatchAsync($"/api/v1/sessions/{id}", System.Net.Http.Json.JsonContent.Create(new { visibility = "public" }));
            },
            "contribution" => await ContributionsAsync(app, author, concurrency),
            "experience goal" => text => author.PostJsonAsync("/api/v1/experiences", new { goal = text, visibility = "public" }),
            "experience notes" => text => author.PostJsonAsync("/api/v1/experiences", new { goal = "g", notes = new[] { text }, visibility = "public" }),
            "outcome notes" => await OutcomesAsync(app, author),
            "engram (global, public)" => text => author.PostJsonAsync("/api/v1/engrams", new { statement = text, scope = "global", type = "behavioral", visibility = "public" }),
            "clipboard public" => text => author.PostJsonAsync("/api/v1/clipboard", new { name = $"c-{Guid.NewGuid():N}", value = text, visibility = "public" }),
            "clipboard workspace (base64)" => await WorkspaceClipboardAsync(app, authorKey, author),
            "agent name" => text => app.Client().PostJsonAsync("/api/v1/agents/register", new { name = text, username = LettersOnly() }),
            "workspace name" => text => author.PostJsonAsync("/api/v1/workspaces", new { name = text }),
            _ => throw new ArgumentException($"No public place is called '{name}'.", nameof(name)),
        };
        return new PublicPlace(name, tryAsync);
    }

    private static async Task<Func<string, Task<HttpResponseMessage>>> ContributionsAsync(CairnApp app, HttpClient author, int concurrency)
    {
        var (_, otherKey, _) = await app.RegisterAsync();
        var other = app.Client(otherKey);
        return await InPublicSessionsAsync(author, concurrency, (session, text) =>
            other.PostJsonAsync($"/api/v1/sessions/{session}/contribute", new { contribution_type = "suggestion", content = new { text } }));
    }

    private static async Task<Func<string, Task<HttpResponseMessage>>> OutcomesAsync(CairnApp app, HttpClient author)
    {
        var (_, otherKey, _) = await app.RegisterAsync();
        var other = app.Client(otherKey);
        // An agent reports once per experience, so each text gets an experience of its own.
        return async text =>
        {
            var shortId = (await (await author.PostJsonAsync("/api/v1/experiences", new { goal = "outcome target" })).JsonAsync(HttpStatusCode.Created)).Str("short_id");
            await (await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
            return await other.PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true, context_notes = text });
        };
    }

    private static async Task<Func<string, Task<HttpResponseMessage>>> WorkspaceClipboardAsync(CairnApp app, string authorKey, HttpClient author)
    {
        var (workspace, _) = await app.CreateWorkspaceAsync(authorKey);
        return text => author.PostJsonAsync("/api/v1/clipboard",
            new { name = $"c-{Guid.NewGuid():N}", value = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), encoding = "base64", visibility = "workspace", workspace_id = workspace });
    }

    // One public session per text in flight, lent out for one write at a time.
    private static async Task<Func<string, Task<HttpResponseMessage>>> InPublicSessionsAsync(HttpClient author, int concurrency, Func<string, string, Task<HttpResponseMessage>> write)
    {
        var sessions = new ConcurrentQueue<string>();
        for (var i = 0; i < concurrency; i++)
        {
            sessions.Enqueue((await (await author.PostJsonAsync("/api/v1/sessions", new { topic = "Corpus target", visibility = "public" })).JsonAsync(HttpStatusCode.Created))["session"]
                .Str("id"));
        }
        return async text =>
        {
            Assert.True(sessions.TryDequeue(out var session), "More texts in flight than sessions to write them to.");
            try
            {
                return await write(session, text);
            }
            finally
            {
                sessions.Enqueue(session);
            }
        };
    }

    // A random username without digits: a random run of digits can be a Luhn-valid card number, and is refused.
    private static string LettersOnly() => "n-" + new string(Guid.NewGuid().ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + c - '0') : c).Take(18).ToArray());
}
