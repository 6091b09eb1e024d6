using System.Net;
using System.Text.Json.Nodes;
using Cairn.Engrams.Entities;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>PLUR entities: extracted from the statement at ingest, deterministically, and listed with GET /engrams?entity=.</summary>
public sealed class EntityTests(AppFixture fixture)
{
    [Fact]
    public void UrlsToolsVersionsIdentifiersAndCapitalisedNamesAreExtractedInTextOrder()
    {
        var entities = EntityExtractor.Extract(
            "Since PostgreSQL 15.4 the Apache AGE extension needs `shared_preload_libraries`; call migrateV37() or HttpClient.SendAsync, see https://age.apache.org/docs.");

        Assert.Equal(
            [("PostgreSQL", "tool", null), ("15.4", "other", null), ("Apache AGE", "other", null), ("shared_preload_libraries", "other", null),
             ("migrateV37", "other", null), ("HttpClient.SendAsync", "other", null), ("https://age.apache.org/docs", "other", "https://age.apache.org/docs")],
            entities.Select(e => (e.Name, e.Type, e.Uri)));
    }

    [Fact]
    public void PlainProseHasNoEntities()
    {
        Assert.Empty(EntityExtractor.Extract("Always validate user input at API boundaries."));
    }

    [Fact]
    public async Task LearnedEngramsCarryTheirEntitiesAndCanBeListedByOne()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var marker = Words.Marker();
        var redis = await agent.ActiveAsync($"Redis {marker} keys expire lazily.", "user:me");
        var docker = await agent.ActiveAsync($"Docker {marker} layers are cached.", "user:me");
        var given = await agent.ActiveAsync($"Redis {marker} is single-threaded.", "user:me", new { entities = new[] { new { name = "Valkey", type = "technology" } } });

        var listed = await (await agent.Client.GetAsync("/api/v1/engrams?entity=redis")).JsonAsync(HttpStatusCode.OK);
        var none = await (await agent.Client.GetAsync("/api/v1/engrams?entity=Kafka")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([redis], listed["engrams"]!.AsArray().Select(e => e!["engram"].Str("id")));
        Assert.Empty(none["engrams"]!.AsArray());
        Assert.Equal("tool", (await agent.GetAsync(docker))["engram"]!["entities"]![0].Str("type"));
        Assert.Equal("Valkey", (await agent.GetAsync(given))["engram"]!["entities"]!.AsArray().Single().Str("name"));
    }

    [Fact]
    public async Task AnEmptyEntityFilterIsRefusedNamingTheField()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);

        var problem = await (await agent.Client.GetAsync("/api/v1/engrams?entity=")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.NotEmpty(problem.FieldErrors("entity"));
    }
}
