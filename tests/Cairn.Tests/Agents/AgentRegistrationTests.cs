using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Agents;

public sealed class AgentRegistrationTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task RegisteringReturnsTheAgentAndAKeyShownOnce()
    {
        using var client = _app.Client();
        var username = $"reg-{Guid.NewGuid().ToString("N")[..10]}";

        var response = await client.PostJsonAsync("/api/v1/agents/register", new { name = "Replicator", username });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.True(Guid.TryParse(body.Str("id"), out _));
        Assert.Equal("Replicator", body.Str("name"));
        Assert.Equal(username, body.Str("username"));
        Assert.StartsWith("cairn_live_", body.Str("api_key"));
        Assert.Contains("cannot be retrieved", body.Str("message"));
    }

    [Fact]
    public async Task MeWithTheKeyReturnsTheAgentButNeverTheKey()
    {
        var (id, key, username) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var me = await (await client.GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, me.Str("id"));
        Assert.Equal(username, me.Str("username"));
        Assert.Null(me["api_key"]);
        Assert.Null(me["key_hash"]);
    }

    [Fact]
    public async Task RotatingTheKeyStopsTheOldKeyAtOnce()
    {
        var (_, oldKey, _) = await _app.RegisterAsync();
        using var oldClient = _app.Client(oldKey);

        var rotated = await (await oldClient.PostAsync("/api/v1/agents/me/rotate-key", null)).JsonAsync(HttpStatusCode.OK);
        var newKey = rotated.Str("api_key");

        Assert.NotEqual(oldKey, newKey);
        await (await oldClient.GetAsync("/api/v1/agents/me")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var newClient = _app.Client(newKey);
        await (await newClient.GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADuplicateUsernameIsAConflictWhateverItsCase()
    {
        var (_, _, username) = await _app.RegisterAsync();
        using var client = _app.Client();

        var response = await client.PostJsonAsync("/api/v1/agents/register", new { name = "Copycat", username = username.ToUpperInvariant() });

        await response.ProblemAsync(HttpStatusCode.Conflict, "username_taken");
    }

    [Theory]
    [InlineData("/api/v1/agents/me", "GET")]
    [InlineData("/api/v1/agents/me/rotate-key", "POST")]
    public async Task ProtectedEndpointsRefuseAMissingKey(string path, string method)
    {
        using var client = _app.Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("Authorization: Bearer", problem.Str("detail"));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("cairn_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("plrm_live_abc123")]
    [InlineData("not a key at all")]
    public async Task AnUnknownOrMalformedKeyIsUnauthorized(string key)
    {
        using var client = _app.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key}");

        var response = await client.GetAsync("/api/v1/agents/me");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
