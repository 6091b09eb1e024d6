using System.Net;
using Azure.Search.Documents.Indexes;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Search.AzureAISearch;

// The app with Cairn:Search:Provider = AzureAISearch, its search service a local stub: start-up, a search over HTTP,
// errors.
public sealed class AzureAISearchAppTests(AppFixture fixture) : IAsyncLifetime
{
    private AzureSearchStub _stub = null!;

    public async ValueTask InitializeAsync() => _stub = await AzureSearchStub.StartAsync();

    public ValueTask DisposeAsync() => _stub.DisposeAsync();

    [Fact]
    public async Task TheAppCreatesItsIndexAtStartUpThenSearchesThroughIt()
    {
        _stub.Respond(404);
        _stub.Echo(201);
        await using var app = App();
        app.StartServer();

        Assert.Equal([("GET", "/indexes('cairn')"), ("POST", "/indexes")], _stub.Requests.Select(r => (r.Method, r.Path)));
        // The default sentence model's vectors: the index is built for its 384 dimensions.
        Assert.Equal(384, (int)_stub.Requests[1].Json["fields"]!.AsArray().Single(f => (string?)f!["name"] == "vector")!["dimensions"]!);

        _stub.Respond(200, """{"value":[]}""");
        var found = await (await app.Client().PostJsonAsync("/api/v1/experiences/search", new { query = "postgres read replicas" })).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(found["results"]!.AsArray());
        var search = _stub.Requests[2].Json;
        Assert.Equal("postgres read replicas", (string?)search["search"]);
        Assert.Equal("kind eq 'experience' and (visibility eq 'public' or owner eq 'anonymous') and status eq 'published'", (string?)search["filter"]);
        Assert.Equal(384, search["vectorQueries"]![0]!["vector"]!.AsArray().Count);
    }

    [Fact]
    public async Task AThrottledSearchAnswers503()
    {
        _stub.Respond(200, await IndexDefinitionAsync());
        await using var app = App();
        app.StartServer();
        _stub.Respond(503, """{"error":{"code":"","message":"Service unavailable."}}""");

        var response = await app.Client().PostJsonAsync("/api/v1/experiences/search", new { query = "postgres read replicas" });

        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_unavailable");
    }

    [Fact]
    public async Task AMissingEndpointStopsStartUpNamingTheSetting()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Search:Provider"] = "AzureAISearch" });

        var exception = Assert.IsType<OptionsValidationException>(app.StartupFailure());

        Assert.Contains("Cairn:Search:Endpoint is required when Cairn:Search:Provider is AzureAISearch", exception.Message, StringComparison.Ordinal);
    }

    private CairnApp App() => new(
        fixture.Database,
        new Dictionary<string, string?>
        {
            ["Cairn:Search:Provider"] = "AzureAISearch",
            ["Cairn:Search:Endpoint"] = _stub.Endpoint.ToString(),
            ["Cairn:Search:ApiKey"] = AzureSearchStub.ApiKey,
        },
        services: services => services.AddSingleton<SearchIndexClient>(_stub.Client()));

    // The index the app creates for the local embedder, captured from a first start.
    private async Task<string> IndexDefinitionAsync()
    {
        await using var stub = await AzureSearchStub.StartAsync();
        stub.Respond(404);
        stub.Echo(201);
        await using (var app = new CairnApp(fixture.Database, new Dictionary<string, string?>
        {
            ["Cairn:Search:Provider"] = "AzureAISearch",
            ["Cairn:Search:Endpoint"] = stub.Endpoint.ToString(),
        }, services: services => services.AddSingleton<SearchIndexClient>(stub.Client())))
        {
            app.StartServer();
        }
        return stub.Requests[1].Body;
    }
}
