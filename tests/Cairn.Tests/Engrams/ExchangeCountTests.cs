using System.Net;
using System.Text;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>PLUR exchange metadata: each pack import is one more adoption, and the count travels on with the copy.</summary>
public sealed class ExchangeCountTests(AppFixture fixture)
{
    [Fact]
    public async Task EachImportAddsOneAdoptionAndTheCountTravelsOn()
    {
        var author = await EngramApi.RegisterAsync(fixture.App);
        var adopter = await EngramApi.RegisterAsync(fixture.App);
        var third = await EngramApi.RegisterAsync(fixture.App);
        var id = await author.ActiveAsync($"Pin {Words.Marker()} base images by digest.", "user:me", new { visibility = "public" });

        await ImportAsync(adopter, await ExportAsync(author));
        await ImportAsync(third, await ExportAsync(adopter));

        Assert.Null((await author.GetAsync(id))["engram"]!["exchange"]);
        var once = (await adopter.GetAsync(id))["engram"]!["exchange"]!;
        var twice = (await third.GetAsync(id))["engram"]!["exchange"]!;
        Assert.Equal(1, (int)once["adoption_count"]!);
        Assert.Equal(0, (int)once["environmental_diversity"]!);
        Assert.Equal(2, (int)twice["adoption_count"]!);
    }

    [Fact]
    public async Task ASkippedImportCountsNoAdoption()
    {
        var author = await EngramApi.RegisterAsync(fixture.App);
        var adopter = await EngramApi.RegisterAsync(fixture.App);
        var id = await author.ActiveAsync($"Tag {Words.Marker()} releases from main.", "user:me", new { visibility = "public" });
        var pack = await ExportAsync(author);

        await ImportAsync(adopter, pack);
        var again = await ImportAsync(adopter, pack);

        Assert.Equal(1, (int)again["skipped"]!);
        Assert.Equal(1, (int)(await adopter.GetAsync(id))["engram"]!["exchange"]!["adoption_count"]!);
    }

    private static async Task<string> ExportAsync(EngramApi agent)
    {
        using var response = await agent.Client.GetAsync("/api/v1/engrams/export?pack=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> ImportAsync(EngramApi agent, string yaml) =>
        await (await agent.Client.PostAsync("/api/v1/engrams/import", new StringContent(yaml, Encoding.UTF8, "application/yaml"))).JsonAsync(HttpStatusCode.OK);
}
