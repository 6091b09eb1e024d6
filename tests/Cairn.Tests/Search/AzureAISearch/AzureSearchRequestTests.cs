using System.Text.Json.Nodes;
using Cairn.Search;
using Cairn.Search.AzureAISearch;
using Cairn.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Search.AzureAISearch;

// The exact REST requests the SDK sends for what the adapter asks, against a local stub (no Azure service is reachable
// here): paths, API version, key header, and body shapes as the REST reference for 2023-11-01 describes them.
[Trait("Storage", "None")]
public sealed class AzureSearchRequestTests : IAsyncLifetime
{
    private const string ApiVersion = "2023-11-01";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly EmbeddingModelInfo OtherModel = new("openai-compatible", "text-embedding-3-small", 1536);

    private AzureSearchStub _stub = null!;

    public async ValueTask InitializeAsync() => _stub = await AzureSearchStub.StartAsync();

    public ValueTask DisposeAsync() => _stub.DisposeAsync();

    [Fact]
    public async Task StartUpCreatesAMissingIndexFromTheFieldDefinitions()
    {
        _stub.Respond(404, """{"error":{"code":"","message":"No index with the name 'cairn' was found."}}""");
        _stub.Echo(201);

        await Setup(HashingEmbedder.Model).EnsureIndexAsync(None);

        var (get, create) = (_stub.Requests[0], _stub.Requests[1]);
        Assert.Equal(("GET", "/indexes('cairn')", ApiVersion, AzureSearchStub.ApiKey), (get.Method, get.Path, get.Query["api-version"], get.ApiKey));
        Assert.Equal(("POST", "/indexes", ApiVersion), (create.Method, create.Path, create.Query["api-version"]));
        var index = create.Json;
        Assert.Equal("cairn", (string?)index["name"]);
        var fields = index["fields"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f => f!);
        Assert.Equal(["key", "id", "kind", "title", "content", "notes", "owner", "visibility", "scope", "domain", "tools", "status", "quality", "vector"], fields.Keys);
        Assert.True((bool)fields["key"]["key"]!);
        Assert.Equal(("Edm.String", true, "en.lucene"), ((string?)fields["title"]["type"], (bool)fields["title"]["searchable"]!, (string?)fields["title"]["analyzer"]));
        Assert.Equal(("Edm.String", true, false), ((string?)fields["owner"]["type"], (bool)fields["owner"]["filterable"]!, (bool)fields["owner"]["searchable"]!));
        Assert.Equal(("Collection(Edm.String)", true), ((string?)fields["tools"]["type"], (bool)fields["tools"]["filterable"]!));
        Assert.Equal(("Edm.Double", true), ((string?)fields["quality"]["type"], (bool)fields["quality"]["filterable"]!));
        var vector = fields["vector"];
        Assert.Equal(("Collection(Edm.Single)", 64, false), ((string?)vector["type"], (int)vector["dimensions"]!, (bool)vector["retrievable"]!));
        var profile = index["vectorSearch"]!["profiles"]!.AsArray().Single()!;
        Assert.Equal((string?)vector["vectorSearchProfile"], (string?)profile["name"]);
        var hnsw = index["vectorSearch"]!["algorithms"]!.AsArray().Single()!;
        Assert.Equal(((string?)profile["algorithm"], "hnsw", "cosine"), ((string?)hnsw["name"], (string?)hnsw["kind"], (string?)hnsw["hnswParameters"]!["metric"]));
        Assert.Equal("cairn_field_weights", (string?)index["defaultScoringProfile"]);
        var weights = index["scoringProfiles"]!.AsArray().Single()!["text"]!["weights"]!;
        Assert.Equal((1.0, 1.0, 0.5), ((double)weights["title"]!, (double)weights["content"]!, (double)weights["notes"]!));
        Assert.Equal(("#Microsoft.Azure.Search.BM25Similarity", 1.2, 0.75), ((string?)index["similarity"]!["@odata.type"], (double)index["similarity"]!["k1"]!, (double)index["similarity"]!["b"]!));
    }

    [Fact]
    public async Task StartUpKeepsAnIndexOfItsOwnModelAndRefusesAnother()
    {
        var definition = await DefinitionFor(OtherModel);
        _stub.Respond(200, definition);
        _stub.Respond(200, definition);

        await Setup(OtherModel).EnsureIndexAsync(None);
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => Setup(HashingEmbedder.Model).EnsureIndexAsync(None));

        Assert.Contains("holds 1536-dimensional vectors of the embedding model recorded as 'cairn-model-text-embedding-3-small-", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'hashing-bag-of-words-64' (64 dimensions", exception.Message, StringComparison.Ordinal);
        Assert.All(_stub.Requests.Skip(2), r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task AHybridQueryIsOneRequestWithAPreFilteredVectorQuery()
    {
        _stub.Respond(200, """{"value":[{"@search.score":0.0325,"id":"experience:b"},{"@search.score":0.0161,"id":"experience:a"}]}""");
        var vector = HashingEmbedder.Embed("docker compose");

        var hits = await Index().SearchAsync(new SearchQuery("docker (compose)")
        {
            Vector = vector,
            Filter = new SearchFilter { Kinds = ["experience"], VisibleTo = "alice", MinQuality = 0.5 },
            Limit = 5,
        }, None);

        var request = Assert.Single(_stub.Requests);
        Assert.Equal(("POST", "/indexes('cairn')/docs/search.post.search", ApiVersion), (request.Method, request.Path, request.Query["api-version"]));
        var body = request.Json;
        Assert.Equal(@"docker \(compose\)", (string?)body["search"]);
        Assert.Equal(("any", "simple", "global"), ((string?)body["searchMode"], (string?)body["queryType"], (string?)body["scoringStatistics"]));
        Assert.Equal(("cairn_field_weights", "title,content,notes", "id", 5), ((string?)body["scoringProfile"], (string?)body["searchFields"], (string?)body["select"], (int)body["top"]!));
        Assert.Equal("kind eq 'experience' and (visibility eq 'public' or owner eq 'alice') and quality ge 0.5", (string?)body["filter"]);
        Assert.Equal("preFilter", (string?)body["vectorFilterMode"]);
        var vectorQuery = body["vectorQueries"]!.AsArray().Single()!;
        Assert.Equal(("vector", 10, "vector"), ((string?)vectorQuery["kind"], (int)vectorQuery["k"]!, (string?)vectorQuery["fields"]));
        Assert.Equal(vector, vectorQuery["vector"]!.AsArray().Select(v => (float)v!));
        Assert.Equal([new SearchHit("experience:b", 0.0325, null, null), new SearchHit("experience:a", 0.0161, null, null)], hits);
    }

    [Fact]
    public async Task AVectorOnlyQuerySendsNoTextAndReportsCosine()
    {
        _stub.Respond(200, """{"value":[{"@search.score":0.8,"id":"near"}]}""");

        var hits = await Index().SearchAsync(new SearchQuery("") { Vector = HashingEmbedder.Embed("docker") }, None);

        var body = Assert.Single(_stub.Requests).Json.AsObject();
        Assert.False(body.ContainsKey("search"));
        Assert.False(body.ContainsKey("filter"));
        Assert.Equal(new SearchHit("near", 0.75, null, new ArmResult(1, 0.75)), Assert.Single(hits));
    }

    [Fact]
    public async Task AnUpsertUploadsEveryDocumentInOneBatchUnderItsEncodedKey()
    {
        _stub.Respond(200, Indexed(("experience:1", 201), ("memory:2", 200)));

        await Index().UpsertAsync(
        [
            new SearchDocument("experience:1", "experience") { Title = "kafka lag", Tools = ["kafka"], Quality = 0.8, Vector = HashingEmbedder.Embed("kafka lag") },
            new SearchDocument("memory:2", "memory") { Content = "no vector", Owner = "alice", Visibility = SearchVisibility.Private },
        ], None);

        var request = Assert.Single(_stub.Requests);
        Assert.Equal(("POST", "/indexes('cairn')/docs/search.index"), (request.Method, request.Path));
        var documents = request.Json["value"]!.AsArray().Select(d => d!.AsObject()).ToList();
        Assert.All(documents, d => Assert.Equal("upload", (string?)d["@search.action"]));
        Assert.Equal([AzureSearchKeys.Encode("experience:1"), AzureSearchKeys.Encode("memory:2")], documents.Select(d => (string?)d["key"]));
        Assert.Equal(("experience:1", "public", "kafka", 0.8, 64), ((string?)documents[0]["id"], (string?)documents[0]["visibility"], (string?)documents[0]["tools"]![0], (double)documents[0]["quality"]!, documents[0]["vector"]!.AsArray().Count));
        Assert.Equal(("private", "alice", false), ((string?)documents[1]["visibility"], (string?)documents[1]["owner"], documents[1].ContainsKey("vector")));
    }

    [Fact]
    public async Task ADeleteLooksTheKeyUpThenDeletesIt()
    {
        var key = AzureSearchKeys.Encode("experience:1");
        _stub.Respond(200, """{"id":"experience:1"}""");
        _stub.Respond(200, Indexed(("experience:1", 200)));
        _stub.Respond(404);
        _stub.Respond(200, Indexed(("experience:1", 200)));

        Assert.True(await Index().DeleteAsync("experience:1", None));
        Assert.False(await Index().DeleteAsync("experience:1", None));

        var (lookup, delete) = (_stub.Requests[0], _stub.Requests[1]);
        Assert.Equal(("GET", $"/indexes('cairn')/docs('{key}')", "id"), (lookup.Method, lookup.Path, lookup.Query["$select"]));
        Assert.Equal(("delete", key), ((string?)delete.Json["value"]![0]!["@search.action"], (string?)delete.Json["value"]![0]!["key"]));
        Assert.Equal("/indexes('cairn')/docs/search.index", _stub.Requests[3].Path);
    }

    [Fact]
    public async Task DeletingAnIdNoDocumentCanHaveSendsNothing()
    {
        Assert.False(await Index().DeleteAsync("", None));
        Assert.False(await Index().DeleteAsync(new string('x', SearchFields.MaxIdLength + 1), None));

        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task AQueryTheServiceRefusesIsInvalidInputWithItsMessage()
    {
        _stub.Respond(400, """{"error":{"code":"InvalidRequestParameter","message":"Invalid expression: the vector has 63 dimensions."}}""");

        var exception = await Assert.ThrowsAsync<InvalidSearchInputException>(() => Index().SearchAsync(new SearchQuery("docker"), None));

        Assert.Equal("Azure AI Search refused the request: Invalid expression: the vector has 63 dimensions.", exception.Message);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task ThrottlingIsStorageUnavailable(int status)
    {
        _stub.Respond(status, """{"error":{"code":"","message":"You are sending too many requests."}}""");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => Index().SearchAsync(new SearchQuery("docker"), None));
    }

    [Fact]
    public async Task ADocumentTheServiceRefusesFailsTheUpsertByItsId()
    {
        _stub.Respond(207, """{"value":[{"key":"ZXhwZXJpZW5jZTox","status":false,"errorMessage":"Document is too large.","statusCode":400}]}""");

        var exception = await Assert.ThrowsAsync<InvalidSearchInputException>(() =>
            Index().UpsertAsync([new SearchDocument("experience:1", "experience") { Title = "x" }], None));

        Assert.Contains("'experience:1': Document is too large. (400)", exception.Message, StringComparison.Ordinal);
    }

    private AzureSearchSetup Setup(EmbeddingModelInfo model) =>
        new(_stub.Client(), Options.Create(_stub.Options()), model, NullLogger<AzureSearchSetup>.Instance);

    private AzureAISearchIndex Index()
    {
        var options = _stub.Options();
        options.CandidatesPerArm = 10;
        return new(_stub.Client().GetSearchClient("cairn"), Options.Create(options), HashingEmbedder.Model);
    }

    // The definition the adapter would create for a model, as the service returns it.
    private async Task<string> DefinitionFor(EmbeddingModelInfo model)
    {
        _stub.Respond(404);
        _stub.Echo(201);
        await Setup(model).EnsureIndexAsync(None);
        return _stub.Requests[^1].Body;
    }

    private static string Indexed(params (string Id, int Status)[] results) =>
        new JsonObject
        {
            ["value"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
            {
                ["key"] = AzureSearchKeys.Encode(r.Id),
                ["status"] = true,
                ["errorMessage"] = null,
                ["statusCode"] = r.Status,
            })]),
        }.ToJsonString();
}
