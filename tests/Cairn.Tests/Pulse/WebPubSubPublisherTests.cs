using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Cairn.Pulse;
using Cairn.Pulse.WebPubSub;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Pulse;

// The REST adapter against a loopback stub: the exact requests and tokens the REST reference describes.
[Trait("Storage", "None")]
public sealed class WebPubSubPublisherTests : IAsyncLifetime
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

    public static TheoryData<string, string> Targets => new()
    {
        { "agent", "/api/hubs/cairn/users/0196b7a8-3c1e-7d44-9c55-2f1a6b0e9d01/:send" },
        { "group", "/api/hubs/cairn/groups/topics.deployment/:send" },
        { "all", "/api/hubs/cairn/:send" },
    };

    [Fact]
    public async Task EndingAnAgentsAccessClosesItsConnectionsThroughTheCloseUserConnectionsOperation()
    {
        var publisher = new WebPubSubPublisher(Rest(WebPubSubCredential.FromAccessKey(Jwt.AccessKey, _clock)));
        _stub.Respond(HttpStatusCode.NoContent, "");

        await publisher.CloseAgentConnectionsAsync(Guid.Parse("0196b7a8-3c1e-7d44-9c55-2f1a6b0e9d01"), 42, "key rotated", CancellationToken.None);
        var request = await _stub.NextRequestAsync();

        const string path = "/api/hubs/cairn/users/0196b7a8-3c1e-7d44-9c55-2f1a6b0e9d01/:closeConnections";
        Assert.Equal("POST", request.Method);
        Assert.Equal($"{path}?reason=key%20rotated&api-version=2024-12-01", request.RawTarget);
        Jwt.Validate(request.BearerToken, audience: $"{_stub.Endpoint.ToString().TrimEnd('/')}{path}");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task APushPostsTheEventJsonToTheSendOperationWithAKeySignedTokenForThatUrl(string target, string path)
    {
        var publisher = new WebPubSubPublisher(Rest(WebPubSubCredential.FromAccessKey(Jwt.AccessKey, _clock)));
        var message = Pushes.Message("session_opened", new { topic = "Deploy FastAPI to ECS" });

        await (target switch
        {
            "agent" => publisher.PublishToAgentAsync(Guid.Parse("0196b7a8-3c1e-7d44-9c55-2f1a6b0e9d01"), message, CancellationToken.None),
            "group" => publisher.PublishToGroupAsync("topics.deployment", message, CancellationToken.None),
            _ => publisher.PublishToAllAsync(message, CancellationToken.None),
        });
        var request = await _stub.NextRequestAsync();

        Assert.Equal("POST", request.Method);
        Assert.Equal($"{path}?api-version=2024-12-01", request.RawTarget);
        Assert.Equal("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(message.Id.ToString(), (string?)body["id"]);
        Assert.Equal("session_opened", (string?)body["event_type"]);
        Assert.Equal("Deploy FastAPI to ECS", (string?)body["event_data"]!["topic"]);
        var token = Jwt.Validate(request.BearerToken, audience: $"{_stub.Endpoint.ToString().TrimEnd('/')}{path}");
        Assert.Equal("HS256", token.Header.Alg);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(), token.Expires().ToUnixTimeSeconds());
        Assert.Equal(request.UrlWithoutQuery.ToString(), Assert.Single(token.Audiences));
    }

    [Fact]
    public async Task A503IsRetriedAfterTheServicesRetryAfterWithAFreshTokenThenSucceeds()
    {
        var publisher = new WebPubSubPublisher(Rest(WebPubSubCredential.FromAccessKey(Jwt.AccessKey, _clock)));
        _stub.Respond(HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromSeconds(2));
        var started = _clock.GetUtcNow();

        var publishing = publisher.PublishToAllAsync(Pushes.Message(), CancellationToken.None);
        var first = await _stub.NextRequestAsync();
        var retryAt = await _clock.NextTimerAsync();
        _clock.Advance(retryAt - started);
        var second = await _stub.NextRequestAsync();
        await publishing;

        Assert.Equal(started.AddSeconds(2), retryAt);
        Assert.Equal(first.RawTarget, second.RawTarget);
        Assert.Equal(started.AddMinutes(5).AddSeconds(2), Jwt.Validate(second.BearerToken, second.UrlWithoutQuery.ToString()).Expires());
        Assert.Equal(0, _stub.Unread);
    }

    [Fact]
    public async Task RetriesAreBoundedAndTheLastFailureIsReported()
    {
        var publisher = new WebPubSubPublisher(Rest(WebPubSubCredential.FromAccessKey(Jwt.AccessKey, _clock)));
        for (var i = 0; i <= WebPubSubRestClient.MaxRetries; i++)
        {
            _stub.Respond(HttpStatusCode.InternalServerError);
        }

        var publishing = publisher.PublishToAllAsync(Pushes.Message(), CancellationToken.None);
        for (var retry = 0; retry < WebPubSubRestClient.MaxRetries; retry++)
        {
            await _stub.NextRequestAsync();
            _clock.SetUtcNow(await _clock.NextTimerAsync());
        }
        var failure = await Assert.ThrowsAsync<WebPubSubException>(() => publishing);

        Assert.Equal(HttpStatusCode.InternalServerError, failure.Status);
        Assert.Equal(1, _stub.Unread);
        Assert.Equal(0, _clock.ArmedTimers);
    }

    [Fact]
    public async Task A400IsNotRetried()
    {
        var publisher = new WebPubSubPublisher(Rest(WebPubSubCredential.FromAccessKey(Jwt.AccessKey, _clock)));
        _stub.Respond(HttpStatusCode.BadRequest, """{"code":"InvalidRequest","message":"bad group"}""");

        var failure = await Assert.ThrowsAsync<WebPubSubException>(() => publisher.PublishToGroupAsync("topics.x", Pushes.Message(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, failure.Status);
        Assert.Contains("bad group", failure.Message);
        Assert.Equal(1, _stub.Unread);
        Assert.Equal(0, _clock.ArmedTimers);
    }

    [Fact]
    public async Task WithTheAppsIdentityRequestsCarryItsEntraTokenFetchedOnceWhileFresh()
    {
        var identity = new FakeIdentity(_clock);
        var publisher = new WebPubSubPublisher(Rest(WebPubSubCredential.FromIdentity(identity, _clock)));

        await publisher.PublishToAllAsync(Pushes.Message(), CancellationToken.None);
        await publisher.PublishToAllAsync(Pushes.Message(), CancellationToken.None);

        Assert.Equal("Bearer entra-token-1", (await _stub.NextRequestAsync()).Authorization);
        Assert.Equal("Bearer entra-token-1", (await _stub.NextRequestAsync()).Authorization);
        Assert.Equal([WebPubSubCredential.Scope], Assert.Single(identity.Requests));
    }

    [Fact]
    public async Task AnIdentityTokenIsRenewedBeforeItExpires()
    {
        var identity = new FakeIdentity(_clock);
        var publisher = new WebPubSubPublisher(Rest(WebPubSubCredential.FromIdentity(identity, _clock)));

        await publisher.PublishToAllAsync(Pushes.Message(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(56));
        await publisher.PublishToAllAsync(Pushes.Message(), CancellationToken.None);

        Assert.Equal("Bearer entra-token-1", (await _stub.NextRequestAsync()).Authorization);
        Assert.Equal("Bearer entra-token-2", (await _stub.NextRequestAsync()).Authorization);
    }

    private WebPubSubRestClient Rest(WebPubSubCredential credential) =>
        new(_http, credential, _stub.Endpoint, "cairn", _clock, NullLogger<WebPubSubRestClient>.Instance);

    // Stands in for the managed identity: hands out numbered tokens valid for an hour.
    internal sealed class FakeIdentity(TimeProvider clock) : TokenCredential
    {
        public List<string[]> Requests { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Cairn asks asynchronously.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Requests.Add(requestContext.Scopes);
            return ValueTask.FromResult(new AccessToken($"entra-token-{Requests.Count}", clock.GetUtcNow().AddHours(1)));
        }
    }
}
