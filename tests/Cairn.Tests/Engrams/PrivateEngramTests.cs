using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

// Issue 16 point 5: another agent's private engram is never recalled, exported, listed or named, in any scope and on
// any path (HTTP and MCP); shared scopes show others' engrams only when they are public (or templates). Runs on both
// storage backends with the rest of the suite.
public sealed class PrivateEngramTests(AppFixture fixture)
{
    [Fact]
    public async Task AnotherAgentsPrivateEngramsAreNeverRecalledInAnySharedScope()
    {
        var (author, reader) = (await AgentAsync(), await AgentAsync());
        var (workspace, invite) = await fixture.App.CreateWorkspaceAsync(author.Key);
        await fixture.App.JoinWorkspaceAsync(reader.Key, invite);
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] scopes = ["global", $"org:{tag}", $"group:{tag}", $"space:{tag}", $"project:{tag}", $"workspace:{workspace}"];
        foreach (var scope in scopes)
        {
            await author.ActiveAsync($"Quokka{tag} secret plan kept in {scope}.", scope);
        }
        await author.ActiveAsync($"Quokka{tag} pinned private rule.", "global", new { pinned = true });
        await author.ActiveAsync($"Quokka{tag} locked private rule.", $"group:{tag}", new { commitment = "locked" });
        var shared = await author.ActiveAsync($"Quokka{tag} shared plan for everyone.", "global", new { visibility = "public" });
        var template = await author.ActiveAsync($"Quokka{tag} template plan to reuse.", $"workspace:{workspace}", new { visibility = "template" });

        var request = new { query = $"Quokka{tag} plan rule", scopes };
        var overHttp = await (await reader.Client.PostJsonAsync("/api/v1/engrams/recall", request)).JsonAsync(HttpStatusCode.OK);
        var overMcp = await reader.Client.ToolAsync("cairn_engram_recall", request);
        var ownView = await (await author.Client.PostJsonAsync("/api/v1/engrams/recall", request)).JsonAsync(HttpStatusCode.OK);

        foreach (var recalled in new[] { overHttp, overMcp })
        {
            var text = recalled.ToJsonString();
            Assert.DoesNotContain("secret plan", text);
            Assert.DoesNotContain("private rule", text);
            Assert.Contains(shared, text);
            Assert.Contains(template, text);
        }
        // The author still recalls every one of them: private means the owner's, not hidden from the owner.
        Assert.Contains("secret plan kept in global", ownView.ToJsonString());
        Assert.Contains("locked private rule", ownView.ToJsonString());
    }

    [Fact]
    public async Task AnotherAgentsPrivateEngramIsNeitherReadNorListedNorExportedNorGivenFeedback()
    {
        var (author, reader) = (await AgentAsync(), await AgentAsync());
        var id = await author.ActiveAsync("Wombat burrow maps are private.", "global");

        Assert.Equal(HttpStatusCode.NotFound, (await reader.Client.GetAsync($"/api/v1/engrams/{id}")).StatusCode);
        Assert.DoesNotContain(id, await (await reader.Client.GetAsync("/api/v1/engrams")).Content.ReadAsStringAsync());
        Assert.DoesNotContain(id, await reader.Client.GetStringAsync("/api/v1/engrams/export?scope=global"));
        Assert.DoesNotContain(id, await reader.Client.GetStringAsync("/api/v1/engrams/export"));
        await (await reader.Client.PostAsync($"/api/v1/engrams/{id}/feedback", JsonContent.Create(new { signal = "negative", owner_id = author.AgentId })))
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await reader.Client.ToolErrorAsync("cairn_engram_feedback", new { id, signal = "negative", owner_id = author.AgentId });
        Assert.Equal(0, (int)(await author.GetAsync(id))["engram"]!["feedback_signals"]!["negative"]!);
    }

    [Fact]
    public async Task ConflictWarningsNameAnotherAgentsEngramOnlyWhenItIsShared()
    {
        var (author, reader) = (await AgentAsync(), await AgentAsync());
        var scope = $"space:{Guid.NewGuid():N}";
        var hidden = await author.ActiveAsync("Indent Makefile recipes with tabs in the build.", scope, new { polarity = "do" });
        var open = await author.ActiveAsync("Indent Makefile recipes with tabs in the release build.", scope, new { polarity = "do", visibility = "public" });

        var learned = await reader.LearnAsync(new { statement = "Never indent Makefile recipes with tabs in the build.", scope, type = "behavioral", polarity = "dont", visibility = "public" });

        var warnings = learned["warnings"]!.ToJsonString();
        Assert.DoesNotContain(hidden, warnings);
        Assert.Contains(open, warnings);
    }

    [Fact]
    public async Task MakingASharedEngramPrivateAgainTakesItOutOfOthersRecall()
    {
        var (author, reader) = (await AgentAsync(), await AgentAsync());
        var scope = $"org:{Guid.NewGuid():N}";
        var id = await author.ActiveAsync("Echidna spines regrow within a year.", scope, new { visibility = "public" });
        var request = new { query = "echidna spines regrow", scopes = new[] { scope } };
        Assert.Contains(id, (await (await reader.Client.PostJsonAsync("/api/v1/engrams/recall", request)).JsonAsync(HttpStatusCode.OK)).ToJsonString());

        (await author.PatchAsync(id, """{"visibility": "private"}""")).EnsureSuccessStatusCode();

        Assert.DoesNotContain(id, (await (await reader.Client.PostJsonAsync("/api/v1/engrams/recall", request)).JsonAsync(HttpStatusCode.OK)).ToJsonString());
    }

    private Task<EngramApi> AgentAsync() => EngramApi.RegisterAsync(fixture.App);
}
