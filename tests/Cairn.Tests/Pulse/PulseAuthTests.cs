using System.Net;
using System.Net.WebSockets;
using Cairn.Tests.Support;

namespace Cairn.Tests.Pulse;

public sealed class PulseAuthTests(AppFixture fixture)
{
    private const string UnknownKey = "cairn_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly CairnApp _app = fixture.App;

    [Theory]
    [InlineData("/api/v1/pulse/ws")]
    [InlineData("/api/v1/pulse/ws?token=" + UnknownKey)]
    [InlineData("/api/v1/pulse/ws?token=not-a-key")]
    [InlineData("/api/v1/pulse/ws?access_token=eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")]
    public async Task AWebsocketUpgradeWithoutAValidCredentialIsRefusedWith401BeforeUpgrading(string pathAndQuery)
    {
        var uri = PulseSocket.WebSocketUri(_app, pathAndQuery);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol(PulseSocket.Subprotocol);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("/api/v1/pulse/ws", null)]
    [InlineData("/api/v1/pulse/ws?token=" + UnknownKey, null)]
    [InlineData("/api/v1/pulse/ws", UnknownKey)]
    [InlineData("/api/v1/pulse/negotiate", null)]
    [InlineData("/api/v1/pulse/negotiate", UnknownKey)]
    public async Task WsAndNegotiateAnswer401ProblemDetailsWithoutAValidKey(string path, string? bearer)
    {
        using var client = _app.Client(bearer);

        var response = await client.GetAsync(path);

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains(bearer is null && !path.Contains('?') ? "API key" : "not valid", problem.Str("detail"));
    }

    [Fact]
    public async Task APlainGetWithAValidKeyIsToldToUseAWebsocket()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var response = await client.GetAsync("/api/v1/pulse/ws");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "websocket_required");
    }

    [Fact]
    public async Task ANegotiatedTokenForAnotherHostIsRefused()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        var token = (await (await client.GetAsync("/api/v1/pulse/negotiate")).JsonAsync(HttpStatusCode.OK)).Str("token");
        client.DefaultRequestHeaders.Authorization = null;
        client.DefaultRequestHeaders.Host = "elsewhere.example";

        var response = await client.GetAsync($"/api/v1/pulse/ws?access_token={token}");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task NegotiateRefusesGroupsAnAgentMayNotJoin()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var response = await client.GetAsync("/api/v1/pulse/negotiate?group=topics.ok&group=agents.someone-else");

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("agents.someone-else", Assert.Single(problem.FieldErrors("group")));
    }
}
