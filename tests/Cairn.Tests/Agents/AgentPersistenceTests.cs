using System.Net;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Agents;

public sealed class AgentPersistenceTests(AppFixture fixture)
{
    [Fact]
    public async Task AnAgentSurvivesAnAppRestart()
    {
        string key;
        string id;
        await using (var first = new CairnApp(fixture.Database))
        {
            (id, key, _) = await first.RegisterAsync();
        }

        await using var second = new CairnApp(fixture.Database);
        var me = await (await second.Client(key).GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, me.Str("id"));
    }

    [Fact]
    public async Task AKeyRotatedOnAnotherInstanceStopsWorkingOnThisOneAtOnce()
    {
        // This instance has just authenticated the key (and remembers which agent it belongs to).
        var here = fixture.App;
        var (_, oldKey, _) = await here.RegisterAsync();
        await (await here.Client(oldKey).GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);

        await using var elsewhere = new CairnApp(fixture.Database);
        var newKey = (await (await elsewhere.Client(oldKey).PostAsync("/api/v1/agents/me/rotate-key", null)).JsonAsync(HttpStatusCode.OK)).Str("api_key");

        await (await here.Client(oldKey).GetAsync("/api/v1/agents/me")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await here.Client(newKey).GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheDatabaseHoldsOnlyAHashOfTheKey()
    {
        StorageMode.RequirePostgresDocuments();
        var (_, key, _) = await fixture.App.RegisterAsync();

        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from documents where body::text like '%' || @secret || '%' or id like '%' || @secret || '%'", connection);
        command.Parameters.AddWithValue("secret", key["cairn_live_".Length..]);

        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}
