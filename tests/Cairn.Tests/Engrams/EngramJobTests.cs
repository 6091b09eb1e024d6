using System.Net;
using Cairn.Engrams.Access;
using Cairn.Engrams.Schema;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Engrams;

public sealed class EngramJobTests(EngramAppFixture fixture) : IClassFixture<EngramAppFixture>
{
    [Fact]
    public async Task ACandidateLearnedThreeTimesIsPromotedByTheJob()
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
    public async Task ActiveEngramsUnusedPastTheThresholdGoDormantButPinnedAndLockedDoNot()
    {
        var agent = await fixture.AgentAsync();
        var idle = await agent.ActiveAsync("Idle knowledge fades.", "user:me");
        var used = await agent.ActiveAsync("Used knowledge stays.", "user:me");
        var pinned = await agent.ActiveAsync("Pinned knowledge stays.", "user:me", new { pinned = true });
        var locked = await agent.ActiveAsync("Locked knowledge stays.", "user:me", new { commitment = "locked" });
        fixture.Clock.Advance(TimeSpan.FromDays(80));
        await agent.RecallAsync(new { query = "used", scopes = new[] { "user:me" } });
        await fixture.AccessesAppliedAsync();
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
    public async Task ReceiptsLeftByAStoppedProcessAreAppliedOnceByTheJob()
    {
        var agent = await fixture.AgentAsync();
        var id = await agent.ActiveAsync("Receipts outlive their process.", "user:me");
        var store = fixture.App.Services.GetRequiredService<IDocumentStore>();
        var receipt = new AccessReceipt(Guid.NewGuid(), IsoDates.Sortable(fixture.Clock.GetUtcNow()), [new AccessedEngram("user:me", Guid.Parse(agent.AgentId), id)]);
        await store.CreateAsync(Containers.EngramAccesses, receipt.Id.ToString(), receipt.Id.ToString(), receipt, null, CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        var run = await fixture.RunJobAsync("engram-access");
        await fixture.App.Services.GetRequiredService<AccessRecorder>().ApplyAsync([receipt], CancellationToken.None);

        Assert.True((int)run["counts"]!["receipts"]! >= 1);
        var read = await agent.GetAsync(id);
        Assert.Equal(1, (int)read["engram"]!["activation"]!["frequency"]!);
        Assert.Equal(1, (int)read["engram"]!["usage"]!["injections"]!);
        Assert.Null(await store.ReadAsync<AccessReceipt>(Containers.EngramAccesses, receipt.Id.ToString(), receipt.Id.ToString(), CancellationToken.None));
    }

    [Fact]
    public async Task AReceiptNamingAnEngramThatIsGoneCountsTheOthersAndIsDeleted()
    {
        var agent = await fixture.AgentAsync();
        var owner = Guid.Parse(agent.AgentId);
        var kept = await agent.ActiveAsync("Receipts count what is still there.", "user:me");
        var store = fixture.App.Services.GetRequiredService<IDocumentStore>();
        var receipt = new AccessReceipt(Guid.NewGuid(), IsoDates.Sortable(fixture.Clock.GetUtcNow()),
            [new AccessedEngram("user:me", owner, "ENG-GONE-0001"), new AccessedEngram("user:me", owner, kept)]);
        await store.CreateAsync(Containers.EngramAccesses, receipt.Id.ToString(), receipt.Id.ToString(), receipt, null, CancellationToken.None);

        await fixture.App.Services.GetRequiredService<AccessRecorder>().ApplyAsync([receipt], CancellationToken.None);

        Assert.Equal(1, (int)(await agent.GetAsync(kept))["engram"]!["activation"]!["frequency"]!);
        Assert.Null(await store.ReadAsync<AccessReceipt>(Containers.EngramAccesses, receipt.Id.ToString(), receipt.Id.ToString(), CancellationToken.None));
    }

    [Fact]
    public async Task ADormantEngramLearnedAgainWakesUp()
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
