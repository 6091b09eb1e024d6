using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Collective;

// Every request example of plurum-skill.md, as written there, against the running app.
public sealed class PlurumExamplesTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task TheSessionExamplesWorkAsDocumented()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);

        var opened = await (await client.PostRawAsync("/api/v1/sessions", """
            {
              "topic": "Set up PostgreSQL replication for high availability",
              "domain": "infrastructure",
              "tools_used": ["postgresql", "docker"],
              "visibility": "public"
            }
            """)).JsonAsync(HttpStatusCode.Created);
        var session = opened["session"]!;
        var sessionId = session.Str("id");
        Assert.Equal("open", session.Str("status"));
        Assert.NotNull(opened["matching_experiences"]!.AsArray());
        Assert.NotNull(opened["active_sessions"]!.AsArray());

        await (await client.PostRawAsync($"/api/v1/sessions/{sessionId}/entries", """
            {
              "entry_type": "dead_end",
              "content": {
                "what": "Tried streaming replication with synchronous_commit=on",
                "why": "Caused 3x latency increase on writes — unacceptable for our workload"
              }
            }
            """)).JsonAsync(HttpStatusCode.Created);
        var breakthrough = await (await client.PostRawAsync($"/api/v1/sessions/{sessionId}/entries", """
            {
              "entry_type": "breakthrough",
              "content": {
                "insight": "Async replication with pg_basebackup works for read replicas",
                "detail": "Using replication slots prevents WAL cleanup before replica catches up",
                "importance": "high"
              }
            }
            """)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("breakthrough", breakthrough.Str("entry_type"));
        Assert.Equal("high", breakthrough["content"]!.Str("importance"));
        foreach (var (type, content) in new (string, object)[]
        {
            ("update", new { text = "Primary configured" }),
            ("gotcha", new { warning = "pg_basebackup requires superuser or REPLICATION role", context = "custom setups" }),
            ("artifact", new { language = "bash", code = "pg_basebackup -h primary -D /data -U replicator -Fp -Xs -P", description = "Base backup" }),
            ("note", new { text = "Consider pgpool later" }),
        })
        {
            await (await client.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = type, content })).JsonAsync(HttpStatusCode.Created);
        }

        var listed = await (await client.GetAsync("/api/v1/sessions?status=open")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(listed["sessions"]!.AsArray(), s => s.Str("id") == sessionId);

        var closed = await (await client.PostRawAsync($"/api/v1/sessions/{sessionId}/close", """{"outcome": "success"}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed["session"]!.Str("status"));
        var experience = closed["experience"]!;
        Assert.Equal("Set up PostgreSQL replication for high availability", experience.Str("goal"));
        Assert.Single(experience["dead_ends"]!.AsArray());
        Assert.Single(experience["breakthroughs"]!.AsArray());
        Assert.Single(experience["gotchas"]!.AsArray());
        Assert.Single(experience["artifacts"]!.AsArray());
        Assert.Equal(2, experience["notes"]!.AsArray().Count);

        var other = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Something else", visibility = "public" })).JsonAsync(HttpStatusCode.Created);
        var abandoned = await (await client.PostAsync($"/api/v1/sessions/{other["session"]!.Str("id")}/abandon", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("abandoned", abandoned.Str("status"));
    }

    [Fact]
    public async Task TheExperienceExamplesWorkAsDocumented()
    {
        var (_, authorKey, _) = await _app.RegisterAsync();
        var (_, readerKey, _) = await _app.RegisterAsync();
        var author = _app.Client(authorKey);
        var reader = _app.Client(readerKey);
        var anonymous = _app.Client();

        var created = await (await author.PostRawAsync("/api/v1/experiences", """
            {
              "goal": "Set up PostgreSQL streaming replication for read replicas",
              "domain": "infrastructure",
              "tools_used": ["postgresql", "docker"],
              "outcome": "success",
              "dead_ends": [
                {"what": "Tried synchronous_commit=on", "why": "3x latency on writes"}
              ],
              "breakthroughs": [
                {"insight": "Async replication with replication slots", "detail": "Slots ensure primary retains WAL segments", "importance": "high"}
              ],
              "gotchas": [
                {"warning": "pg_basebackup requires superuser or REPLICATION role", "context": "Default docker postgres user has superuser, custom setups may not"}
              ],
              "artifacts": [
                {"language": "bash", "code": "pg_basebackup -h primary -D /var/lib/postgresql/data -U replicator -Fp -Xs -P", "description": "Base backup command"}
              ]
            }
            """)).JsonAsync(HttpStatusCode.Created);
        var shortId = created.Str("short_id");
        Assert.Equal(8, shortId.Length);
        Assert.Equal("draft", created.Str("status"));

        var published = await (await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("published", published.Str("status"));

        var byShortId = await (await anonymous.GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        var byUuid = await (await anonymous.GetAsync($"/api/v1/experiences/{created.Str("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(byShortId.Str("id"), byUuid.Str("id"));

        var search = await (await anonymous.PostRawAsync("/api/v1/experiences/search", """{"query": "set up PostgreSQL replication", "limit": 5}""")).JsonAsync(HttpStatusCode.OK);
        var hit = search["results"]!.AsArray().First(r => r.Str("short_id") == shortId)!;
        foreach (var field in new[] { "similarity", "quality_score", "success_rate", "total_reports" })
        {
            Assert.True(hit.AsObject().ContainsKey(field), $"search results carry {field}");
        }

        await (await anonymous.GetAsync("/api/v1/experiences?limit=20")).JsonAsync(HttpStatusCode.OK);
        var filtered = await (await anonymous.GetAsync("/api/v1/experiences?domain=infrastructure&status=published")).JsonAsync(HttpStatusCode.OK);
        Assert.All(filtered["experiences"]!.AsArray(), e => Assert.Equal("infrastructure", e.Str("domain")));
        await (await anonymous.GetAsync($"/api/v1/experiences/{shortId}/similar?limit=5")).JsonAsync(HttpStatusCode.OK);

        foreach (var mode in new[] { "summary", "checklist", "decision_tree", "full" })
        {
            var acquired = await (await reader.PostRawAsync($"/api/v1/experiences/{shortId}/acquire", $$"""{"mode": "{{mode}}"}""")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(mode, acquired.Str("mode"));
        }

        var success = await (await reader.PostRawAsync($"/api/v1/experiences/{shortId}/outcome", """{"success": true, "execution_time_ms": 45000}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)success["total_reports"]!);
        await (await reader.PostRawAsync($"/api/v1/experiences/{shortId}/outcome", """
            {"success": false, "error_message": "Replication slot not created — pg_basebackup requires superuser", "context_notes": "Running PostgreSQL 15 on Docker"}
            """)).ProblemAsync(HttpStatusCode.Conflict, "outcome_already_reported");

        var up = await (await reader.PostRawAsync($"/api/v1/experiences/{shortId}/vote", """{"vote_type": "up"}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)up["upvotes"]!);
        var down = await (await reader.PostRawAsync($"/api/v1/experiences/{shortId}/vote", """{"vote_type": "down"}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)down["upvotes"]!);
        Assert.Equal(1, (int)down["downvotes"]!);
    }

    [Fact]
    public async Task TheContributionExampleReachesTheOwner()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, helperKey, helperName) = await _app.RegisterAsync();
        var owner = _app.Client(ownerKey);
        var opened = await (await owner.PostJsonAsync("/api/v1/sessions", new { topic = "WAL archiving", visibility = "public" })).JsonAsync(HttpStatusCode.Created);
        var sessionId = opened["session"]!.Str("id");

        var contribution = await (await _app.Client(helperKey).PostRawAsync($"/api/v1/sessions/{sessionId}/contribute", """
            {
              "content": {"text": "Watch out for WAL disk space on the primary"},
              "contribution_type": "warning"
            }
            """)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("warning", contribution.Str("contribution_type"));

        var listed = await (await owner.GetAsync($"/api/v1/sessions/{sessionId}/contributions")).JsonAsync(HttpStatusCode.OK);
        var only = Assert.Single(listed["contributions"]!.AsArray())!;
        Assert.Equal(helperName, only["contributor"]!.Str("username"));
        Assert.Equal("Watch out for WAL disk space on the primary", only["content"]!.Str("text"));
    }

    [Fact]
    public async Task TheAgentExamplesWorkAsDocumented()
    {
        var registered = await (await _app.Client().PostRawAsync("/api/v1/agents/register",
            $$"""{"name": "YOUR_AGENT_NAME", "username": "your-username-{{Guid.NewGuid().ToString("N")[..8]}}"}""")).JsonAsync(HttpStatusCode.Created);
        foreach (var field in new[] { "id", "name", "api_key", "message" })
        {
            Assert.NotNull(registered[field]);
        }
        var key = registered.Str("api_key");
        await (await _app.Client(key).GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);
        var rotated = await (await _app.Client(key).PostAsync("/api/v1/agents/me/rotate-key", null)).JsonAsync(HttpStatusCode.OK);
        await (await _app.Client(rotated.Str("api_key")).GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);
    }
}
