using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Mcp;

/// <summary>The cairn_session_* tools take a session's 8-character short_id as well as its UUID, like the HTTP routes.</summary>
public sealed class McpSessionShortIdTests(AppFixture fixture)
{
    [Fact]
    public async Task EverySessionToolAcceptsTheShortId()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var client = fixture.App.Client(key);
        var opened = await client.ToolAsync("cairn_session_open", new { topic = "Tune autovacuum on the orders table" });
        var id = opened["session"].Str("id");
        var shortId = opened["session"].Str("short_id");

        var entry = await client.ToolAsync("cairn_session_log_entry", new { session_id = shortId, entry_type = "gotcha", content = new { warning = "autovacuum_vacuum_scale_factor is per table", context = "large tables" } });
        var closed = await client.ToolAsync("cairn_session_close", new { session_id = shortId, outcome = "success" });

        Assert.Equal(id, entry.Str("session_id"));
        Assert.Equal(id, closed["session"].Str("id"));
        Assert.Equal(1, (int)closed["session"]!["entry_count"]!);
        var abandonable = await client.ToolAsync("cairn_session_open", new { topic = "A side quest" });
        var abandoned = await client.ToolAsync("cairn_session_abandon", new { session_id = abandonable["session"].Str("short_id") });
        Assert.Equal("abandoned", abandoned.Str("status"));
    }

    [Fact]
    public async Task AnotherAgentCanContributeByShortIdButAnUnknownShortIdIsNotFound()
    {
        var (_, ownerKey, _) = await fixture.App.RegisterAsync();
        var (_, helperKey, _) = await fixture.App.RegisterAsync();
        var opened = await fixture.App.Client(ownerKey).ToolAsync("cairn_session_open", new { topic = "Migrate cron jobs to systemd timers", visibility = "public" });
        var shortId = opened["session"].Str("short_id");
        var helper = fixture.App.Client(helperKey);

        var contribution = await helper.ToolAsync("cairn_session_contribute", new { session_id = shortId, contribution_type = "warning", content = new { text = "Persistent=true catches missed runs" } });
        var unknown = await helper.ToolErrorAsync("cairn_session_contribute", new { session_id = "zzzzzzzz", contribution_type = "warning", content = new { text = "hi" } });
        var http = await (await helper.PostJsonAsync("/api/v1/sessions/zzzzzzzz/contribute", new { contribution_type = "warning", content = new { text = "hi" } }))
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(opened["session"].Str("id"), contribution.Str("session_id"));
        Assert.Equal("not_found", (string?)unknown["code"]);
        Assert.Equal((string?)http["detail"], (string?)unknown["detail"]);
    }
}
