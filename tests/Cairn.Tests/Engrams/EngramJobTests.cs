using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

public sealed class EngramJobTests(EngramAppFixture fixture) : IClassFixture<EngramAppFixture>
{
    [Fact]
    public async Task A_candidate_learned_three_times_is_promoted_by_the_job()
    {
        var agent = await fixture.AgentAsync();
        var twice = new { statement = "Twice is not enough.", scope = "user:me", type = "behavioral" };
        var thrice = new { statement = "Three times makes a rule.", scope = "user:me", type = "behavioral" };
        var twiceId = (await agent.LearnAsync(twice))["engram"]!.Str("id");
        await agent.PostAsync(twice);
        var thriceId = (await agent.LearnAsync(thrice))["engram"]!.Str("id");
        await agent.PostAsync(thrice);
        await agent.PostAsync(thrice);

        var run = await fixture.RunJobAsync("engram-promotion");

        Assert.True((int)run["counts"]!["promoted"]! >= 1);
        Assert.Equal("active", (await agent.GetAsync(thriceId))["engram"]!.Str("status"));
        Assert.Equal("candidate", (await agent.GetAsync(twiceId))["engram"]!.Str("status"));
        var transition = (await agent.GetAsync(thriceId))["meta"]!["transitions"]!.AsArray().Last()!;
        Assert.Equal("recurred 3 times", transition.Str("reason"));
    }

    [Fact]
    public async Task Active_engrams_unused_past_the_threshold_go_dormant_but_pinned_and_locked_do_not()
    {
        var agent = await fixture.AgentAsync();
        var idle = await agent.ActiveAsync("Idle knowledge fades.", "user:me");
        var used = await agent.ActiveAsync("Used knowledge stays.", "user:me");
        var pinned = await agent.ActiveAsync("Pinned knowledge stays.", "user:me", new { pinned = true });
        var locked = await agent.ActiveAsync("Locked knowledge stays.", "user:me", new { commitment = "locked" });
        fixture.Clock.Advance(TimeSpan.FromDays(80));
        await agent.RecallAsync(new { query = "used", scopes = new[] { "user:me" } });
        fixture.Clock.Advance(TimeSpan.FromDays(11));

        await fixture.RunJobAsync("engram-dormancy");

        Assert.Equal("dormant", (await agent.GetAsync(idle))["engram"]!.Str("status"));
        Assert.Equal("active", (await agent.GetAsync(used))["engram"]!.Str("status"));
        Assert.Equal("active", (await agent.GetAsync(pinned))["engram"]!.Str("status"));
        Assert.Equal("active", (await agent.GetAsync(locked))["engram"]!.Str("status"));
        var transition = (await agent.GetAsync(idle))["meta"]!["transitions"]!.AsArray().Last()!;
        Assert.StartsWith("activation -2.", transition.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dormant_engram_learned_again_wakes_up()
    {
        var agent = await fixture.AgentAsync();
        var id = await agent.ActiveAsync("Sleeping engrams can wake.", "user:me");
        fixture.Clock.Advance(TimeSpan.FromDays(100));
        await fixture.RunJobAsync("engram-dormancy");
        Assert.Equal("dormant", (await agent.GetAsync(id))["engram"]!.Str("status"));

        var again = await (await agent.PostAsync(new { statement = "Sleeping engrams can wake.", scope = "user:me", type = "behavioral" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("active", again["engram"]!.Str("status"));
    }
}
