using System.Net;
using System.Text.Json.Nodes;
using Cairn.Engrams;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Engrams;

// Recall over HTTP, on an app of its own (the global scope is shared by every test here, so words are unique per test).
public sealed class RecallTests(EngramAppFixture fixture) : IClassFixture<EngramAppFixture>
{
    private static string Unique(string prefix) => $"{prefix}:{Guid.NewGuid():N}";

    private static IEnumerable<JsonObject> All(JsonObject recall) =>
        new[] { "constraints", "directives", "knowledge" }.SelectMany(s => recall[s]!.AsArray().Select(e => e!.AsObject())).OrderBy(e => (int)e["rank"]!);

    private static List<string> Ids(JsonObject recall) => All(recall).Select(e => e.Str("id")).ToList();

    [Fact]
    public async Task TheBudgetIsRespectedCountingTheWholeBlock()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        for (var i = 0; i < 30; i++)
        {
            await agent.ActiveAsync($"Pelican fact {i}: pelicans {new string('p', i)} carry fish in their pouch.", scope);
        }

        var recall = await agent.RecallAsync(new { query = "pelican pouch", scopes = new[] { scope }, budget_tokens = 200 });

        var used = (int)recall["tokens"]!["used"]!;
        Assert.InRange(used, 1, 200);
        Assert.Equal(Tokens.Estimate(recall.Str("injection")), used);
        Assert.True((int)recall["not_fitted"]! > 0);
        Assert.Equal(200, (int)recall["tokens"]!["budget"]!);
    }

    [Fact]
    public async Task LockedAndPinnedEngramsComeFirstAndAreMarked()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var relevant = await agent.ActiveAsync("Cassowary eggs are green.", scope);
        var pinned = await agent.ActiveAsync("Write the changelog first.", scope, new { pinned = true });
        var locked = await agent.ActiveAsync("Never commit credentials.", scope, new { commitment = "locked", locked_reason = "safety" });

        var recall = await agent.RecallAsync(new { query = "cassowary eggs", scopes = new[] { scope } });

        Assert.Equal([locked, pinned, relevant], Ids(recall));
        Assert.Contains($"- Never commit credentials. (locked) [{locked}]", recall.Str("injection"), StringComparison.Ordinal);
        Assert.Equal(locked, recall["constraints"]![0]!.Str("id"));
    }

    [Fact]
    public async Task EngramsThatShareNoWordWithTheTaskAreNotRecalled()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var relevant = await agent.ActiveAsync("Possums nest in roof cavities.", scope);
        await agent.ActiveAsync("Tabs are wider than spaces in most editors.", scope);

        var recall = await agent.RecallAsync(new { query = "where do possums nest", scopes = new[] { scope } });

        Assert.Equal([relevant], Ids(recall));
    }

    [Fact]
    public async Task WordsTheEmbedderDoesNotKnowAreSearchedByKeywordAlone()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var word = $"zq{Guid.NewGuid():N}"[..14];
        var id = await agent.ActiveAsync($"{word} {word}x", scope);

        var recall = await agent.RecallAsync(new { query = word, scopes = new[] { scope } });

        Assert.Equal([id], Ids(recall));
    }

    [Fact]
    public async Task ScopesAreRecalledNarrowestFirst()
    {
        var agent = await fixture.AgentAsync();
        var org = Unique("org");
        var space = Unique("space");
        var group = Unique("group");
        var user = Unique("user");
        var word = $"kookaburra{Guid.NewGuid():N}"[..20];
        var ids = new List<string>();
        // The same words in another order: equally relevant to keyword and vector search alike, yet different statements.
        string[][] orders = [["rule", "applies", "here"], ["applies", "rule", "here"], ["here", "rule", "applies"], ["rule", "here", "applies"], ["applies", "here", "rule"]];
        foreach (var (scope, order) in new[] { "global", org, space, group, user }.Zip(orders))
        {
            ids.Add(await agent.ActiveAsync($"The {word} {string.Join(' ', order)}", scope));
        }

        var recall = await agent.RecallAsync(new { query = $"{word} rule", scopes = new[] { org, space, group, user } });

        Assert.Equal(Enumerable.Reverse(ids), Ids(recall));
        Assert.Equal([user, group, space, org, "global"], recall["scopes"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task EngramsOutsideTheirValidTimeAreNotRecalled()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var today = fixture.Clock.GetUtcNow();
        var day = (int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var current = await agent.ActiveAsync("The wallaby freeze is on.", scope, new { temporal = new { learned_at = day(-30), valid_from = day(-5), valid_until = day(5) } });
        await agent.ActiveAsync("The wallaby freeze ended.", scope, new { temporal = new { learned_at = day(-30), valid_until = day(-1) } });
        await agent.ActiveAsync("The wallaby freeze will start.", scope, new { temporal = new { learned_at = day(-30), valid_from = day(2) } });
        var endsToday = await agent.ActiveAsync("The wallaby freeze ends today.", scope, new { temporal = new { learned_at = day(-30), valid_until = day(0) } });

        var recall = await agent.RecallAsync(new { query = "wallaby freeze", scopes = new[] { scope } });

        Assert.Equal(new[] { current, endsToday }.Order(), Ids(recall).Order());
    }

    [Fact]
    public async Task OnlyActiveEngramsAreRecalled()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var active = await agent.ActiveAsync("Goanna basking is active.", scope);
        await agent.LearnAsync(new { statement = "Goanna basking is a candidate.", scope, type = "behavioral" });
        await agent.LearnAsync(new { statement = "Goanna basking is dormant.", scope, type = "behavioral", status = "dormant", pinned = true });
        var retired = await agent.ActiveAsync("Goanna basking is retired.", scope, new { commitment = "locked" });
        await agent.ActionAsync(retired, "forget");

        var recall = await agent.RecallAsync(new { query = "goanna basking", scopes = new[] { scope } });

        Assert.Equal([active], Ids(recall));
    }

    [Fact]
    public async Task PersonalScopesAreTheOwnersAndSharedScopesAreEveryones()
    {
        var author = await fixture.AgentAsync();
        var reader = await fixture.AgentAsync();
        var personal = Unique("user");
        var space = Unique("space");
        var group = Unique("group");
        await author.ActiveAsync("Dugong notes are personal.", personal);
        var shared = await author.ActiveAsync("Dugong notes in the space are shared.", space, Shared);
        var team = await author.ActiveAsync("Dugong notes of the team are shared with it.", group, Shared);

        var named = await reader.RecallAsync(new { query = "dugong notes", scopes = new[] { personal, space, group } });
        var unnamed = await reader.RecallAsync(new { query = "dugong notes", scopes = Array.Empty<string>() });

        Assert.Equal([team, shared], Ids(named));
        Assert.Empty(Ids(unnamed));
        Assert.Equal(author.AgentId, All(named).First().Str("owner_id"));
    }

    [Fact]
    public async Task WorkspaceScopesAreForTheirMembersOnly()
    {
        var author = await fixture.AgentAsync();
        var member = await fixture.AgentAsync();
        var outsider = await fixture.AgentAsync();
        var (workspaceId, invite) = await fixture.App.CreateWorkspaceAsync(author.Key);
        await fixture.App.JoinWorkspaceAsync(member.Key, invite);
        var scope = $"workspace:{workspaceId}";
        var id = await author.ActiveAsync("Platypus releases ship on Tuesdays.", scope, Shared);

        var seen = await member.RecallAsync(new { query = "platypus releases", scopes = new[] { scope } });
        var unseen = await outsider.RecallAsync(new { query = "platypus releases", scopes = new[] { scope } });

        Assert.Equal([id], Ids(seen));
        Assert.Empty(Ids(unseen));
        await (await outsider.PostAsync(new { statement = "Platypus releases ship on Fridays.", scope, type = "behavioral" }))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await outsider.Client.PostJsonAsync($"/api/v1/engrams/{id}/feedback", new { signal = "negative", owner_id = author.AgentId }))
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await outsider.PostAsync(new { statement = "Not a workspace id.", scope = "workspace:not-a-guid", type = "behavioral" }))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnOutsiderNamingAWorkspaceStillRecallsFromItsOtherScopes()
    {
        var author = await fixture.AgentAsync();
        var outsider = await fixture.AgentAsync();
        var (workspaceId, _) = await fixture.App.CreateWorkspaceAsync(author.Key);
        var workspace = $"workspace:{workspaceId}";
        var project = Unique("project");
        await author.ActiveAsync("Numbat surveys start at dawn.", workspace, Shared);
        var shared = await author.ActiveAsync("Numbat surveys count termite mounds.", project, Shared);
        var own = await outsider.ActiveAsync("Numbat surveys need a permit.", project);

        var recall = await outsider.RecallAsync(new { query = "numbat surveys", scopes = new[] { workspace, project } });

        Assert.Equal(new[] { shared, own }.Order(), Ids(recall).Order());
    }

    [Fact]
    public async Task ASearchHitWhoseEngramIsGoneFromTheStoreIsNotRecalled()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var kept = await agent.ActiveAsync("Bilby burrows spiral downwards.", scope);
        var gone = await agent.ActiveAsync("Bilby burrows have one entrance.", scope);
        // The index still holds it: only the stored engram goes, as when an engram write fails after indexing.
        var store = fixture.App.Services.GetRequiredService<IDocumentStore>();
        Assert.True(await store.DeleteAsync(Containers.Engrams, scope, StoredEngram.DocumentId(Guid.Parse(agent.AgentId), gone), null, CancellationToken.None));

        var recall = await agent.RecallAsync(new { query = "bilby burrows", scopes = new[] { scope } });

        Assert.Equal([kept], Ids(recall));
        Assert.Equal(1, (int)recall["candidates"]!);
    }

    [Fact]
    public async Task DirectivesAndConstraintsArePresentedApartWithContraindications()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var directive = await agent.ActiveAsync("Always pin the echidna image digest.", scope, new { contraindications = new[] { "local experiments" } });
        var constraint = await agent.ActiveAsync("Never push echidna images on Fridays.", scope);
        var fact = await agent.ActiveAsync("Echidna images live in the east registry.", scope);

        var recall = await agent.RecallAsync(new { query = "echidna images", scopes = new[] { scope } });

        Assert.Equal([directive], recall["directives"]!.AsArray().Select(e => e!.Str("id")));
        Assert.Equal([constraint], recall["constraints"]!.AsArray().Select(e => e!.Str("id")));
        Assert.Equal([fact], recall["knowledge"]!.AsArray().Select(e => e!.Str("id")));
        var block = recall.Str("injection");
        Assert.True(block.IndexOf("## Constraints", StringComparison.Ordinal) < block.IndexOf("## Directives", StringComparison.Ordinal));
        Assert.Contains("  Not when: local experiments", block, StringComparison.Ordinal);
        Assert.Equal(["local experiments"], recall["directives"]![0]!["contraindications"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public async Task RecallCountsAsAnAccessUnlessTheCallerOnlyPeeks()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var id = await agent.ActiveAsync("Bandicoots dig at night.", scope);

        await agent.RecallAsync(new { query = "bandicoots", scopes = new[] { scope }, record_access = false });
        await fixture.AccessesAppliedAsync();
        var peeked = await agent.GetAsync(id);
        await agent.RecallAsync(new { query = "bandicoots", scopes = new[] { scope } });
        await fixture.AccessesAppliedAsync();
        var recalled = await agent.GetAsync(id);

        Assert.Equal(0, (int)peeked["engram"]!["activation"]!["frequency"]!);
        Assert.Equal(1, (int)recalled["engram"]!["activation"]!["frequency"]!);
        Assert.Equal(1, (int)recalled["engram"]!["usage"]!["injections"]!);
    }

    [Fact]
    public async Task SavingAContradictionWarnsAndNamesTheOtherEngram()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var first = await agent.ActiveAsync("Always use tabs for indentation in makefiles.", scope);

        var second = await agent.LearnAsync(new { statement = "Never use tabs for indentation in makefiles.", scope, type = "behavioral", status = "active" });

        var warning = second["warnings"]!.AsArray().Single()!;
        Assert.Equal("conflict", warning.Str("code"));
        Assert.Equal(first, warning.Str("engram_id"));
        Assert.Equal("opposite_polarity", warning.Str("reason"));
        Assert.Contains(first, warning.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitConflictsWarnAndReconcilingBySupersessionRetiresTheOther()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var old = await agent.ActiveAsync("Lyrebird builds run on Jenkins.", scope);
        var learned = await agent.LearnAsync(new { statement = "Lyrebird builds run on GitHub Actions.", scope, type = "architectural", status = "active", relations = new { conflicts = new[] { old } } });
        var id = learned["engram"]!.Str("id");
        Assert.Equal(("explicit", old), (learned["warnings"]![0]!.Str("reason"), learned["warnings"]![0]!.Str("engram_id")));

        var reconciled = await agent.ActionAsync(id, "reconcile", new { with = old, resolution = "supersede" });
        var recall = await agent.RecallAsync(new { query = "lyrebird builds", scopes = new[] { scope } });

        Assert.Equal([old], reconciled["engram"]!["relations"]!["supersedes"]!.AsArray().Select(x => (string)x!));
        Assert.Empty(reconciled["engram"]!["relations"]!["conflicts"]!.AsArray());
        var retired = await agent.GetAsync(old);
        Assert.Equal("retired", retired["engram"]!.Str("status"));
        Assert.Equal([id], retired["engram"]!["relations"]!["superseded_by"]!.AsArray().Select(x => (string)x!));
        Assert.Equal([id], Ids(recall));
    }

    [Fact]
    public async Task KeepingBothRecordsThemAsRelatedAndStopsTheWarning()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var a = await agent.ActiveAsync("Always squash merge feature branches.", scope);
        var b = (await agent.LearnAsync(new { statement = "Never squash merge feature branches.", scope, type = "behavioral", status = "active" }))["engram"]!.Str("id");

        await agent.ActionAsync(b, "reconcile", new { with = a, resolution = "keep_both" });
        var again = await (await agent.PatchAsync(b, """{"rationale": "History matters here."}""")).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(again["warnings"]!.AsArray());
        Assert.Contains(a, again["engram"]!["relations"]!["related"]!.AsArray().Select(x => (string)x!));
    }

    [Fact]
    public async Task LearningThatSupersedesRetiresTheOldEngram()
    {
        var agent = await fixture.AgentAsync();
        var scope = Unique("project");
        var old = await agent.ActiveAsync("Quoll counts are weekly.", scope);

        await agent.LearnAsync(new { statement = "Quoll counts are daily.", scope, type = "behavioral", status = "active", relations = new { supersedes = new[] { old } } });

        Assert.Equal("retired", (await agent.GetAsync(old))["engram"]!.Str("status"));
    }

    [Theory]
    [InlineData("""{"scopes": ["global"]}""", "query")]
    [InlineData("""{"query": "x", "budget_tokens": 5}""", "budget_tokens")]
    [InlineData("""{"query": "x", "scopes": [" bad"]}""", "scopes[0]")]
    public async Task BadRecallRequestsNameTheField(string json, string field)
    {
        var agent = await fixture.AgentAsync();

        var problem = await (await agent.Client.PostRawAsync("/api/v1/engrams/recall", json)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    // Others see an engram only when its author shares it: visibility public (or template).
    private static readonly object Shared = new { visibility = "public" };
}
