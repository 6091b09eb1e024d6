using System.Net;
using Cairn.Storage.Cosmos;
using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

/// <summary>
/// Memory with its documents on the Cosmos adapter (the local test server) and search on PostgreSQL: the queries it
/// relies on — ids in a partition, counts, ORDER BY value, the decay and promotion jobs' cross-partition due-date ranges.
/// </summary>
public sealed class MemoryOnCosmosTests(AppFixture fixture)
{
    [Fact]
    public async Task SessionsObservationsRetrievalDecayAndPromotionWorkOnCosmos()
    {
        await CosmosTestServer.RequireAsync();
        var database = CosmosTestServer.NewDatabaseName();
        var clock = new FakeClock();
        await using var app = new CairnApp(fixture.Database, MemoryApi.Settings(
            ("Cairn:Storage:Provider", "Cosmos"),
            ("Cairn:Cosmos:Endpoint", CosmosTestServer.Endpoint),
            ("Cairn:Cosmos:Key", CosmosTestServer.Key),
            ("Cairn:Cosmos:Database", database),
            ("Cairn:Cosmos:AllowInsecureTestServer", "true"),
            ("Cairn:Memory:ProceduresCapacity", "10")), clock);
        try
        {
            var (_, key, _) = await app.RegisterAsync();
            var client = app.Client(key);
            var marker = Words.Marker();
            var session = await client.StartSessionAsync($"Cosmos {marker}");
            // The fake clock stands still unless moved: a second between observations keeps their order (the first one stays, the repeat reinforces it).
            var kept = (await client.ObserveAsync(session, $"Run the {marker} migrations with the lock timeout set.", outcome: "success", toolName: "psql")).Str("id");
            clock.Advance(TimeSpan.FromSeconds(1));
            await client.ObserveAsync(session, $"Run the {marker} migrations with the lock timeout set!", outcome: "success", toolName: "psql");
            for (var i = 0; i < 10; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await client.ObserveAsync(session, $"Deploy {Words.Marker()} service {i} with its own pipeline.", type: "procedure", outcome: "success");
            }

            var report = (await client.EndSessionAsync(session))["z_report"]!;

            Assert.Equal(1, (int)report["memories"]!["reinforced"]!);
            Assert.True((bool)report["promotion_pending"]!);
            var layer2 = await client.SearchMemoryAsync(new { query = $"{marker} migrations lock timeout", layer = 2 });
            var hit = Assert.Single(layer2.Results(), r => r.Str("id") == kept);
            Assert.Equal(session, hit["timeline"]!["session"]!.Str("id"));
            Assert.Equal(10, (await client.SearchMemoryAsync(new { query = "deploy service pipeline migrations", rings = new[] { "procedures" }, limit = 50 })).Results().Count());

            await app.RunJobAsync("memory-promotion");
            Assert.Equal("long_term", (await client.SearchMemoryAsync(new { ids = new[] { session } })).Results().Single().Str("ring"));

            clock.Advance(TimeSpan.FromDays(9)); // the reinforced memory was accessed once: 7 × 1.25 days
            var run = await app.RunJobAsync("memory-decay");
            Assert.True((long)run["counts"]!["decayed"]! >= 10);
            Assert.Equal("compressed", (await client.SearchMemoryAsync(new { ids = new[] { kept } })).Results().Single().Str("stage"));
            await (await client.GetAsync($"/api/v1/memory/{kept}")).JsonAsync(HttpStatusCode.OK);
        }
        finally
        {
            using var cosmos = CosmosClientFactory.Create(new CosmosOptions { Endpoint = CosmosTestServer.Endpoint, Key = CosmosTestServer.Key, AllowInsecureTestServer = true });
            using var _ = await cosmos.GetDatabase(database).DeleteStreamAsync();
        }
    }
}
