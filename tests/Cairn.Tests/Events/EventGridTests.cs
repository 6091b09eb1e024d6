using Azure.Core.Pipeline;
using Azure.Messaging.EventGrid;
using Cairn.Events;
using Cairn.Events.EventGrid;
using Cairn.Events.Webhooks;
using Cairn.Tests.Search.AzureAISearch;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Tests.Events;

/// <summary>Event Grid publishing against a local HTTPS stub that records what the SDK sent (the AI Search adapter's stub).</summary>
public sealed class EventGridTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private AzureSearchStub _stub = null!;
    private CairnApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _stub = await AzureSearchStub.StartAsync();
        var endpoint = new Uri(_stub.Endpoint, "api/events");
        _app = new CairnApp(_database, new Dictionary<string, string?>
        {
            ["Cairn:Events:EventGrid:Endpoint"] = endpoint.ToString(),
            ["Cairn:Events:EventGrid:Key"] = "stub-topic-key",
            ["Cairn:Webhooks:BackgroundDispatch"] = "false",
        }, services: services => services.Replace(ServiceDescriptor.Singleton(_ =>
        {
            // The production client, trusting the stub's certificate and not retrying (each scripted answer is final).
            var options = new EventGridPublisherClientOptions { Transport = new HttpClientTransport(new HttpClient(new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            })) };
            options.Retry.MaxRetries = 0;
            return EventGridPublisher.CreateClient(new EventGridOptions { Endpoint = endpoint.ToString(), Key = "stub-topic-key" }, new Azure.Identity.DefaultAzureCredential(), options);
        })));
        _app.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _stub.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task PublicEventsArePublishedToTheTopicAsCloudEventsAndPrivateOnesAreNot()
    {
        var (_, key, _) = await _app.RegisterAsync();
        await _app.OpenSessionAsync(key, "Event Grid: a private session", visibility: "private");
        await _app.OpenSessionAsync(key, "Event Grid: a public session");
        _stub.Respond(200);

        await _app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        var request = Assert.Single(_stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/events", request.Path);
        Assert.Equal("2018-01-01", request.Query["api-version"]);
        var cloudEvent = Assert.Single(request.Json.AsArray())!;
        Assert.Equal(CairnEventTypes.SessionOpened, (string?)cloudEvent["type"]);
        Assert.Equal("1.0", (string?)cloudEvent["specversion"]);
        Assert.Equal("Event Grid: a public session", (string?)cloudEvent["data"]!["topic"]);
    }

    [Fact]
    public async Task AThrottledTopicIsRetriedOnTheWebhookSchedule()
    {
        var (_, key, _) = await _app.RegisterAsync();
        await _app.OpenSessionAsync(key, "Event Grid: throttled");
        _stub.Respond(429, """{"error":{"code":"Throttled","message":"Too many requests."}}""");

        await _app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Single(_stub.Requests);
        var store = _app.Services.GetRequiredService<Cairn.Storage.IDocumentStore>();
        var page = await store.QueryAsync<WebhookDelivery>(new Cairn.Storage.DocumentQuery(Cairn.Storage.Containers.WebhookDeliveries) { PartitionKey = EventPublisher.EventGridTarget }, CancellationToken.None);
        var delivery = Assert.Single(page.Items).Body;
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(429, delivery.Attempts.Single().StatusCode);
    }
}
