using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Dashboard;

/// <summary>What the browser tests look at, written through the API as an agent would.</summary>
internal static class DashboardData
{
    /// <summary>A closed public session with one entry of each kind; returns the experience's short id.</summary>
    public static async Task<string> PublishExperienceAsync(CairnApp app, string key, string goal)
    {
        using var client = app.Client(key);
        var opened = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = goal, domain = "infrastructure", tools_used = new[] { "postgresql" }, visibility = "public" }))
            .JsonAsync(HttpStatusCode.Created);
        var session = opened["session"].Str("id");
        object[] entries =
        [
            new { entry_type = "dead_end", content = new { what = "Copying the data directory while the primary ran", why = "the copy was torn" } },
            new { entry_type = "breakthrough", content = new { insight = "pg_basebackup streams a consistent copy", detail = "with -X stream", importance = "high" } },
            new { entry_type = "gotcha", content = new { warning = "pg_basebackup needs the REPLICATION role", context = "a plain superuser is not enough on managed hosts" } },
            new { entry_type = "artifact", content = new { language = "sql", code = "CREATE ROLE replicator WITH REPLICATION LOGIN; -- then pg_hba.conf", description = "the role" } },
        ];
        foreach (var entry in entries)
        {
            await (await client.PostJsonAsync($"/api/v1/sessions/{session}/entries", entry)).JsonAsync(HttpStatusCode.Created);
        }
        var closed = await (await client.PostJsonAsync($"/api/v1/sessions/{session}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);
        return closed["experience"].Str("short_id");
    }

    /// <summary>An observation in a new memory session; returns the memory's id.</summary>
    public static async Task<string> ObserveAsync(CairnApp app, string key, string content)
    {
        using var client = app.Client(key);
        var session = (await (await client.PostJsonAsync("/api/v1/memory/sessions", new { title = "dashboard" })).JsonAsync(HttpStatusCode.Created)).Str("id");
        return (await (await client.PostJsonAsync("/api/v1/memory/observe", new { session_id = session, content, type = "decision" })).JsonAsync(HttpStatusCode.Created)).Str("id");
    }

    /// <summary>A word no other test writes, so a search finds this test's experience first.</summary>
    public static string UniqueWord() => $"zq{Guid.NewGuid().ToString("N")[..10]}";
}
