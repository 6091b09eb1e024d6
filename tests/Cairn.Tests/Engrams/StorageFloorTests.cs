using System.Text.Json.Nodes;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>PLUR storage_strength as a floor on decay: retrieval strength falls no lower than storage_strength × 0.2.</summary>
public sealed class StorageFloorTests(EngramAppFixture fixture) : IClassFixture<EngramAppFixture>
{
    [Fact]
    public async Task ADurableEngramHoldsItsFloorWhileATransientOneKeepsFading()
    {
        var agent = await fixture.AgentAsync();
        var marker = Words.Marker();
        var scope = $"project:{marker}";
        // The same words in another order, so both search arms rate them alike; the transient one has the first order.
        var transient = await agent.ActiveAsync($"The {marker} cache warms after deploys", scope, new { activation = new { storage_strength = 0.1 } });
        var durable = await agent.ActiveAsync($"The {marker} cache deploys after warms", scope);
        fixture.Clock.Advance(TimeSpan.FromDays(40));

        var recall = await agent.RecallAsync(new { query = $"{marker} cache", scopes = new[] { scope }, record_access = false });

        var items = recall["knowledge"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal([durable, transient], items.Select(e => e.Str("id")));
        // One access 40 days ago: σ(ln 40^-0.5) = 0.1365; the durable engram's floor is 1.0 × 0.2, the transient one's 0.02.
        Assert.Equal(0.2, (double)items[0]["score"]!["activation"]!, 6);
        Assert.Equal(1 / (1 + Math.Sqrt(40)), (double)items[1]["score"]!["activation"]!, 6);
        Assert.Equal(0.2, (double)(await agent.GetAsync(durable))["meta"]!["retrieval_strength"]!, 4);
        Assert.Equal(0.1365, (double)(await agent.GetAsync(transient))["meta"]!["retrieval_strength"]!, 4);
    }
}
