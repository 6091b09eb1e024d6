using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Hosting;

// Starts the packaged app the way the Functions host does and sends it a forwarded request.
public sealed class PackagedAppTests(AppFixture fixture)
{
    [Fact]
    public async Task ThePackageHasHostJsonWithTheCustomHandlerAndACatchAllHttpFunction()
    {
        var package = await Package.DirectoryAsync();

        var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(package, "host.json")))!;
        var handler = host["customHandler"]!["description"]!;
        Assert.Equal("dotnet", (string?)handler["defaultExecutablePath"]);
        Assert.Equal("Cairn.Functions.dll", (string?)handler["arguments"]![0]);
        Assert.True(File.Exists(Path.Combine(package, "Cairn.Functions.dll")));
        Assert.Equal("", (string?)host["extensions"]!["http"]!["routePrefix"]);

        var trigger = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(package, "http", "function.json")))!["bindings"]![0]!;
        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal("{*path}", (string?)trigger["route"]);
        Assert.Equal("anonymous", (string?)trigger["authLevel"]);
    }

    [Fact]
    public async Task ThePackagedAppAnswersOnTheCustomHandlerPort()
    {
        await using var app = await PackagedApp.StartAsync(fixture.Database.ConnectionString);

        // The host forwards the caller's request with its address in X-Forwarded-For.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents/register")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "Packaged", username = $"pkg-{Guid.NewGuid():N}"[..24] }),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.200");
        var registered = await (await app.Client.SendAsync(request)).JsonAsync(HttpStatusCode.Created);
        Assert.StartsWith("cairn_live_", registered.Str("api_key"));

        // The port opens before the sentence model has loaded: until it has, health says degraded, and says why.
        var health = await (await app.Client.GetAsync("/api/v1/health")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("reachable", health["checks"]!.Str("database"));
        var embedder = health["checks"]!.Str("embedder");
        Assert.Contains(embedder, new[] { "loading", "ready" });
        Assert.Equal(embedder == "ready" ? "healthy" : "degraded", health.Str("status"));
    }

    [Fact]
    public async Task ThePackagedAppServesItsOpenApiDocumentAndReferenceUiBehindTheHostWithThePublicAddress()
    {
        // App Service sets WEBSITE_HOSTNAME on every function app: the document's server is that name, not loopback.
        await using var app = await PackagedApp.StartAsync(fixture.Database.ConnectionString, new Dictionary<string, string?> { ["WEBSITE_HOSTNAME"] = "cairn-func.azurewebsites.net" });

        // A forwarded host the caller made up reaches the handler through the host; it must not become the server.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Add("X-Forwarded-For", "203.0.113.201");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");
        var document = await (await app.Client.SendAsync(request)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("https://cairn-func.azurewebsites.net/", (string?)document["servers"]![0]!["url"]);
        Assert.Single(document["servers"]!.AsArray());
        Assert.NotNull(document["paths"]!["/api/v1/agents/register"]!["post"]);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/docs/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/docs/scalar.js")).StatusCode);
    }

    [Fact]
    public async Task APackagedTimerInvocationRunsTheJobAndAFailingJobFailsTheInvocation()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var app = await PackagedApp.StartAsync(database.ConnectionString);
        var now = TimeProvider.System.GetUtcNow();
        var expired = $"packaged:{Guid.NewGuid():N}";
        await Cairn.Tests.Jobs.ExpiredDocuments.InsertAsync(database.ConnectionString, Cairn.Storage.Containers.RateLimits, expired, now.AddMinutes(-5));

        // As the host fires a timer: POST /{function} over loopback, no forwarding headers, the custom-handler payload.
        var ran = await app.Client.PostAsync("/rate-limit-cleanup", new StringContent(Cairn.Tests.Jobs.TimerInvocationTests.HostPayload(isPastDue: true), System.Text.Encoding.UTF8, "application/json"));

        var body = await ran.JsonAsync(HttpStatusCode.OK);
        Assert.Empty(body["Outputs"]!.AsObject());
        Assert.Contains(body["Logs"]!.AsArray(), line => ((string?)line)!.Contains("past due", StringComparison.Ordinal));
        Assert.False(await Cairn.Tests.Jobs.ExpiredDocuments.ExistsAsync(database.ConnectionString, Cairn.Storage.Containers.RateLimits, expired));

        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var sabotage = new Npgsql.NpgsqlCommand("alter table documents rename to documents_gone", connection);
            await sabotage.ExecuteNonQueryAsync();
        }
        var failed = await app.Client.PostAsync("/rate-limit-cleanup", new StringContent(Cairn.Tests.Jobs.TimerInvocationTests.HostPayload(isPastDue: false), System.Text.Encoding.UTF8, "application/json"));

        Assert.False(failed.IsSuccessStatusCode, $"a failing job must fail the invocation, got {(int)failed.StatusCode}");
        Assert.Contains(JsonNode.Parse(await failed.Content.ReadAsStringAsync())!["Logs"]!.AsArray(), line => ((string?)line)!.Contains("permanent", StringComparison.OrdinalIgnoreCase));
    }
}
