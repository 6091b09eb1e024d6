using System.Net;
using Cairn.Tests.Engrams;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// PLUR: a non-portable license (anything but an open one, e.g. proprietary) keeps an engram out of packs for others.
public sealed class EngramLicenseTests(AppFixture fixture)
{
    [Fact]
    public async Task APackForOthersLeavesOutProprietaryEngramsButTheOwnersExportKeepsThem()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var open = await agent.ActiveAsync("Open knowledge travels.", "user:me", new { visibility = "public" });
        var defaulted = await agent.ActiveAsync("Unlicensed means the default license.", "user:me", new { visibility = "public", provenance = new { origin = "test" } });
        var mit = await agent.ActiveAsync("MIT travels too.", "user:me", new { visibility = "public", provenance = new { origin = "test", license = "MIT" } });
        await agent.ActiveAsync("Our pricing formula stays home.", "user:me", new { visibility = "public", provenance = new { origin = "test", license = "proprietary" } });

        var pack = await ExportAsync(agent, "?pack=true");
        var own = await ExportAsync(agent, "");

        Assert.Contains(open, pack, StringComparison.Ordinal);
        Assert.Contains(defaulted, pack, StringComparison.Ordinal);
        Assert.Contains(mit, pack, StringComparison.Ordinal);
        Assert.DoesNotContain("Our pricing formula stays home.", pack, StringComparison.Ordinal);
        Assert.Contains("Our pricing formula stays home.", own, StringComparison.Ordinal);
    }

    private static async Task<string> ExportAsync(EngramApi agent, string query)
    {
        using var response = await agent.Client.GetAsync($"/api/v1/engrams/export{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
