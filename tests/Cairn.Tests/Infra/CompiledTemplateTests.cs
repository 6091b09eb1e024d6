using System.Text.Json.Nodes;
using Cairn.Search.Cosmos;
using Cairn.Tests.Search;
using Cairn.Tests.Support;

namespace Cairn.Tests.Infra;

// Checks on the ARM template the real Bicep compiler built from infra/main.bicep (scripts/test exports its path as
// CAIRN_TEST_ARM_TEMPLATE): both search profiles, the search container's policies against the app's, the parameter
// file.
[Trait("Storage", "None")]
public sealed class CompiledTemplateTests
{
    private const string SkipReason = "CAIRN_TEST_ARM_TEMPLATE is not set: scripts/test compiles infra/main.bicep with the Bicep compiler and sets it.";

    private static readonly Lazy<JsonObject?> Template = new(() =>
        Environment.GetEnvironmentVariable("CAIRN_TEST_ARM_TEMPLATE") is { Length: > 0 } path ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : null);

    [Fact]
    public void EveryParameterInTheParametersFileIsDeclaredByTheTemplate()
    {
        var declared = Compiled()["parameters"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Package.RepoRoot(), "infra", "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.All(file.Select(p => p.Key), name => Assert.Contains(name, declared));
    }

    [Fact]
    public void SearchDefaultsToCosmosAndOnlyTheAISearchProfileDeploysASearchService()
    {
        var parameters = Compiled()["parameters"]!;
        Assert.Equal("cosmos", (string?)parameters["searchProvider"]!["defaultValue"]);
        Assert.Equal(["cosmos", "aisearch"], parameters["searchProvider"]!["allowedValues"]!.AsArray().Select(v => (string?)v));

        var search = Deployment("search");
        Assert.Equal("[equals(parameters('searchProvider'), 'aisearch')]", (string?)search["condition"]);
        Assert.Contains(Resources(search), r => (string?)r["type"] == "Microsoft.Search/searchServices");
        // Everything else deploys in both profiles, unconditionally (the Event Grid topic is its own opt-in).
        Assert.All(Compiled()["resources"]!.AsArray().Where(r => (string?)r!["name"] is not ("search" or "eventgrid")), r => Assert.Null(r!["condition"]));
    }

    [Fact]
    public void TheEventGridTopicIsOptInAndItsSenderRoleIsScopedToIt()
    {
        Assert.False((bool)Compiled()["parameters"]!["eventGridTopic"]!["defaultValue"]!);
        var eventGrid = Deployment("eventgrid");
        Assert.Equal("[parameters('eventGridTopic')]", (string?)eventGrid["condition"]);
        var topic = Resources(eventGrid).Single(r => (string?)r["type"] == "Microsoft.EventGrid/topics");
        Assert.Equal("CloudEventSchemaV1_0", (string?)topic["properties"]!["inputSchema"]);
        Assert.True((bool)topic["properties"]!["disableLocalAuth"]!);
        var role = Resources(eventGrid).Single(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments");
        Assert.Contains("Microsoft.EventGrid/topics", (string?)role["scope"], StringComparison.Ordinal);
        // EventGrid Data Sender, the built-in role that may publish and nothing else.
        Assert.Equal("d5a91429-5739-47e2-a06b-3470a27159e7", (string?)eventGrid["properties"]!["template"]!["variables"]!["dataSenderRoleId"]);
    }

    [Fact]
    public void OnlyTheCosmosProfileCreatesTheSearchContainerAndTurnsOnItsCapabilities()
    {
        var cosmos = Deployment("cosmos");
        Assert.Equal("[if(equals(parameters('searchProvider'), 'cosmos'), createObject('value', variables('searchContainerName')), createObject('value', ''))]",
            (string?)cosmos["properties"]!["parameters"]!["searchContainerName"]);
        Assert.Equal("[not(empty(parameters('searchContainerName')))]", (string?)SearchContainer()["condition"]);
        var template = cosmos["properties"]!["template"]!.ToJsonString();
        Assert.Contains("EnableNoSQLVectorSearch", template, StringComparison.Ordinal);
        Assert.Contains("EnableNoSQLFullTextSearch", template, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSearchContainerInTheTemplateHasThePoliciesTheAppBuilds()
    {
        var app = CosmosSearchSchema.Build("search", HashingEmbedder.Model, CosmosVectorIndex.QuantizedFlat);
        var resource = SearchContainer()["properties"]!["resource"]!;

        var embedding = resource["vectorEmbeddingPolicy"]!["vectorEmbeddings"]!.AsArray().Single()!;
        Assert.Equal((CosmosSearchSchema.VectorPath, "float32", "cosine"),
            ((string?)embedding["path"], (string?)embedding["dataType"], (string?)embedding["distanceFunction"]));
        Assert.Equal([CosmosSearchSchema.PartitionKeyPath], resource["partitionKey"]!["paths"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(app.FullTextPolicy.FullTextPaths.Select(p => p.Path), resource["fullTextPolicy"]!["fullTextPaths"]!.AsArray().Select(p => (string?)p!["path"]));
        var indexing = resource["indexingPolicy"]!;
        Assert.Equal(app.IndexingPolicy.IncludedPaths.Select(p => p.Path), indexing["includedPaths"]!.AsArray().Select(p => (string?)p!["path"]));
        Assert.Equal(app.IndexingPolicy.ExcludedPaths.Select(p => p.Path), indexing["excludedPaths"]!.AsArray().Select(p => (string?)p!["path"]));
        Assert.Equal(app.IndexingPolicy.FullTextIndexes.Select(p => p.Path), indexing["fullTextIndexes"]!.AsArray().Select(p => (string?)p!["path"]));
        Assert.Equal(CosmosSearchSchema.VectorPath, (string?)indexing["vectorIndexes"]!.AsArray().Single()!["path"]);
    }

    private static JsonObject Compiled()
    {
        if (Template.Value is null)
        {
            Assert.Skip(SkipReason);
        }
        return Template.Value!;
    }

    // A module of main.bicep, by its deployment name.
    private static JsonNode Deployment(string name) =>
        Compiled()["resources"]!.AsArray().FirstOrDefault(r => (string?)r!["name"] == name) ?? throw new InvalidOperationException($"no module '{name}' in the compiled template");

    private static IEnumerable<JsonNode> Resources(JsonNode deployment) =>
        deployment["properties"]!["template"]!["resources"]!.AsArray().Select(r => r!);

    private static JsonNode SearchContainer() =>
        Resources(Deployment("cosmos")).Single(r => (string?)r["type"] == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers" && r["condition"] is not null);
}
