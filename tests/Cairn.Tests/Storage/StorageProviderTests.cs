using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using System.Net;
using Cairn.Storage;
using Cairn.Storage.Cosmos;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Storage;

// The whole app on the Cosmos adapter, chosen by configuration alone, against the local test server.
public sealed class StorageProviderTests(AppFixture fixture)
{
    private Dictionary<string, string?> CosmosSettings(string database) => new()
    {
        ["Cairn:Storage:Provider"] = "Cosmos",
        ["Cairn:Cosmos:Endpoint"] = CosmosTestServer.Endpoint,
        ["Cairn:Cosmos:Key"] = CosmosTestServer.Key,
        ["Cairn:Cosmos:Database"] = database,
        // Postgres is not chosen, so a connection string that cannot work must not matter.
        ["Cairn:Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody",
    };

    [Fact]
    public async Task WithCosmosChosenAgentsRegisterAuthenticateAndRotateKeys()
    {
        StorageMode.RequirePostgresDocuments();
        await CosmosTestServer.RequireAsync();
        var database = CosmosTestServer.NewDatabaseName();
        await using var app = new CairnApp(fixture.Database, CosmosSettings(database));
        app.StartServer();
        try
        {
            var (id, key, username) = await app.RegisterAsync();
            using var client = app.Client(key);
            var me = await (await client.GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);
            var rotated = await (await client.PostAsync("/api/v1/agents/me/rotate-key", null)).JsonAsync(HttpStatusCode.OK);
            using var newClient = app.Client(rotated.Str("api_key"));
            var health = await (await app.Client().GetAsync("/api/v1/health")).JsonAsync(HttpStatusCode.OK);

            Assert.Equal((id, username), (me.Str("id"), me.Str("username")));
            await (await client.GetAsync("/api/v1/agents/me")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            await (await newClient.GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK);
            await (await app.Client().PostJsonAsync("/api/v1/agents/register", new { name = "Twin", username = username.ToUpperInvariant() }))
                .ProblemAsync(HttpStatusCode.Conflict, "username_taken");
            Assert.Equal("healthy", health.Str("status"));
            // Cosmos expires documents itself, so the cleanup jobs get the stand-down purger; PostgreSQL needs a real one.
            Assert.Same(NativeExpiry.Instance, app.Services.GetRequiredService<IExpiredDocumentPurger>());
            Assert.IsNotType<NativeExpiry>(fixture.App.Services.GetRequiredService<IExpiredDocumentPurger>());
        }
        finally
        {
            using var client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = CosmosTestServer.Endpoint, Key = CosmosTestServer.Key }, CosmosTestServer.ClientOptions());
            using var _ = await client.GetDatabase(database).DeleteStreamAsync();
        }
    }

    [Theory]
    [InlineData(null, "Cairn:Cosmos:Endpoint is required")]
    [InlineData("not a url", "is not an absolute http(s) URL")]
    public async Task ChoosingCosmosWithoutAUsableEndpointFailsAtStartUpSayingWhatToSet(string? endpoint, string message)
    {
        var settings = CosmosSettings("unused");
        settings["Cairn:Cosmos:Endpoint"] = endpoint;
        await StartupRefusedAsync(settings, message);
    }

    [Theory]
    [InlineData("https://cairn-prod.documents.azure.com:443/", false)]
    [InlineData("https://127.0.0.1:8081/", true)]
    [InlineData("https://localhost:8081/", true)]
    public async Task EmulatorSettingsAreAcceptedOnlyForAnEndpointOnThisMachine(string endpoint, bool accepted)
    {
        var settings = CosmosSettings("unused");
        settings["Cairn:Cosmos:Endpoint"] = endpoint;
        settings["Cairn:Cosmos:Emulator"] = "true";
        using var host = StorageHost(settings);
        var options = host.Services.GetRequiredService<IOptionsMonitor<CosmosOptions>>();

        var failure = Record.Exception(() => options.CurrentValue);

        Assert.Equal(accepted, failure is null);
        if (!accepted)
        {
            Assert.Contains("Cairn:Cosmos:Emulator is only for an emulator on this machine", Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal);
        }
    }

    private static IHost StorageHost(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCairnStorage();
        return builder.Build();
    }

    private static async Task StartupRefusedAsync(Dictionary<string, string?> settings, string message)
    {
        // A plain host with the storage services: WebApplicationFactory sometimes reports a failed start as ObjectDisposedException.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCairnStorage();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var validation = Assert.IsType<OptionsValidationException>(failure is AggregateException aggregate ? aggregate.InnerException : failure);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }
}
