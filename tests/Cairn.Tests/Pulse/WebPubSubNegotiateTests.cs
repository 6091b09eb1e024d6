using System.Net;
using System.Text.Json.Nodes;
using Cairn.Pulse;
using Cairn.Pulse.WebPubSub;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Pulse;

// Client access URLs for Web PubSub: signed here with the key, or issued by the service for the app's identity.
public sealed class WebPubSubNegotiateTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new();
    private readonly HttpClient _http = new();
    private WebPubSubStub _stub = null!;

    public async ValueTask InitializeAsync() => _stub = await WebPubSubStub.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _stub.DisposeAsync();
    }

    [Fact]
    public async Task WithAKeyTheUrlPointsAtTheClientHubAndItsTokenNamesTheAgentRolesAndGroups()
    {
        var negotiator = Negotiator(WebPubSubCredential.FromAccessKey(Jwt.AccessKey, _clock));
        var agent = Guid.NewGuid();

        var response = await negotiator.NegotiateAsync(agent, 42, ["topics.deployment"], new Uri("https://cairn.example"), CancellationToken.None);

        var host = _stub.Endpoint.Authority;
        Assert.Equal($"ws://{host}/client/hubs/cairn", response.BaseUrl);
        Assert.Equal($"ws://{host}/client/hubs/cairn?access_token={response.Token}", response.Url);
        var token = Jwt.Validate(response.Token, audience: $"http://{host}/client/hubs/cairn");
        Assert.Equal(agent.ToString(), token.Subject);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), token.Expires());
        Assert.Equal(PulseGroups.JoinRoles, token.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(["topics.deployment"], token.Claims.Where(c => c.Type == "webpubsub.group").Select(c => c.Value));
        Assert.Equal("42", token.Claims.Single(c => c.Type == "cairn.kv").Value);
        Assert.Equal(0, _stub.Unread);
    }

    [Fact]
    public async Task WithTheAppsIdentityTheServiceIssuesTheTokenThroughGenerateToken()
    {
        var negotiator = Negotiator(WebPubSubCredential.FromIdentity(new WebPubSubPublisherTests.FakeIdentity(_clock), _clock));
        var agent = Guid.NewGuid();
        _stub.Respond(HttpStatusCode.OK, """{"token":"issued.by.service"}""");

        var response = await negotiator.NegotiateAsync(agent, 42, ["sessions.s1", "topics.t1"], new Uri("https://cairn.example"), CancellationToken.None);
        var request = await _stub.NextRequestAsync();

        Assert.Equal($"ws://{_stub.Endpoint.Authority}/client/hubs/cairn?access_token=issued.by.service", response.Url);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/hubs/cairn/:generateToken", request.Path);
        Assert.Equal(
            [("userId", agent.ToString()), ("role", PulseGroups.JoinRoles[0]), ("role", PulseGroups.JoinRoles[1]),
             ("group", "sessions.s1"), ("group", "topics.t1"), ("minutesToExpire", "60"), ("api-version", "2024-12-01")],
            request.Query);
        Assert.Equal("Bearer entra-token-1", request.Authorization);
    }

    [Fact]
    public void AnHttpsEndpointGivesAWssUrl()
    {
        Assert.Equal("wss://x.webpubsub.azure.com/client/hubs/cairn", WebPubSubNegotiator.ClientBaseUrl(new Uri("https://x.webpubsub.azure.com"), "cairn"));
        Assert.Equal("https://x.webpubsub.azure.com/client/hubs/cairn", WebPubSubNegotiator.ClientAudience(new Uri("https://x.webpubsub.azure.com"), "cairn"));
    }

    private WebPubSubNegotiator Negotiator(WebPubSubCredential credential) =>
        new(new WebPubSubRestClient(_http, credential, _stub.Endpoint, "cairn", _clock, NullLogger<WebPubSubRestClient>.Instance),
            _clock, Options.Create(new PulseOptions { Provider = PulseProvider.AzureWebPubSub }));
}

// The whole app configured for Azure Web PubSub, pointed at the stub by connection string.
public sealed class WebPubSubAppTests(AppFixture fixture) : IAsyncLifetime
{
    private WebPubSubStub _stub = null!;
    private CairnApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _stub = await WebPubSubStub.StartAsync();
        _app = new CairnApp(fixture.Database, new Dictionary<string, string?>
        {
            ["Cairn:Pulse:Provider"] = "AzureWebPubSub",
            ["Cairn:Pulse:ConnectionString"] = _stub.ConnectionString(Jwt.AccessKey),
        });
        _app.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _stub.DisposeAsync();
    }

    [Fact]
    public async Task NegotiateReturnsAWebPubsubUrlWhoseTokenValidatesWithTheConfiguredKey()
    {
        var (id, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var body = await (await client.GetAsync("/api/v1/pulse/negotiate?group=topics.deployment")).JsonAsync(HttpStatusCode.OK);

        var baseUrl = $"ws://{_stub.Endpoint.Authority}/client/hubs/cairn";
        Assert.Equal(baseUrl, body.Str("base_url"));
        Assert.Equal($"{baseUrl}?access_token={body.Str("token")}", body.Str("url"));
        var token = Jwt.Validate(body.Str("token"), audience: $"http://{_stub.Endpoint.Authority}/client/hubs/cairn", validateLifetime: true);
        Assert.Equal(id, token.Subject);
        Assert.InRange(token.Expires(), DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Contains(token.Claims, c => c.Type == "webpubsub.group" && c.Value == "topics.deployment");
    }

    [Fact]
    public async Task TheLocalWebsocketEndpointTellsTheCallerToNegotiate()
    {
        var (_, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);

        var response = await client.GetAsync("/api/v1/pulse/ws");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "negotiate_required");
        Assert.Contains("/api/v1/pulse/negotiate", problem.Str("detail"));
    }

    [Fact]
    public async Task PushesGoToWebPubsub()
    {
        var (id, _, _) = await _app.RegisterAsync();

        var pushed = await _app.PushToAgentAsync(id);
        var request = await _stub.NextRequestAsync();

        Assert.Equal($"/api/hubs/cairn/users/{id}/:send?api-version=2024-12-01", request.RawTarget);
        Assert.Equal(pushed.Id.ToString(), (string?)JsonNode.Parse(request.Body)!["id"]);
    }
}
