using System.Reflection;
using System.Text.RegularExpressions;
using Cairn.Tests.Hosting;
using Cairn.Tests.Support;

namespace Cairn.Tests.Infra;

// What the app needs in Azure must be in the Bicep: every setting it reads, every Cosmos container it uses. The Bicep
// is read as text, not compiled (no Bicep compiler is reachable here): object keys and array items are written one per
// line in these files, so names can be read without evaluating any expression.
[Trait("Storage", "None")]
public sealed partial class BicepDriftTests
{
    // Settings the app reads that Azure does not set, each with the reason. Keep it short.
    private static readonly Dictionary<string, string> LocalOnlySettings = new(StringComparer.Ordinal)
    {
        // Azure keeps documents in Cosmos DB (Cairn__Storage__Provider=Cosmos); PostgreSQL is the local backend.
        ["Cairn__Postgres__ConnectionString"] = "local PostgreSQL only",
        // Azure reaches Web PubSub with the app's identity (Cairn__Pulse__Endpoint); its access keys are disabled.
        ["Cairn__Pulse__ConnectionString"] = "Web PubSub by access key, outside Azure only",
        // In Azure, Web PubSub holds the connections; this sizes the local WebSocket hub only.
        ["Cairn__Pulse__ConnectionQueueCapacity"] = "local WebSocket hub only",
        ["Cairn__Pulse__MaxConnectionsPerAgent"] = "local WebSocket hub only (Web PubSub holds the sockets on Azure)",
        ["Cairn__Pulse__MaxGroupsPerConnection"] = "local WebSocket hub only (Web PubSub holds the groups on Azure)",
        ["Cairn__Pulse__KeyCheckInterval"] = "local WebSocket hub only (on Azure, rotation closes connections through the service)",
        // Azure reads the clipboard key ring from Key Vault (Cairn__Clipboard__EncryptionKeys); the file is for scripts/run.
        ["Cairn__Clipboard__KeyFile"] = "local key file only",
        // The account has keys disabled; the app signs in to Cosmos DB as its managed identity.
        ["Cairn__Cosmos__Key"] = "managed identity in Azure",
        ["Cairn__Cosmos__Emulator"] = "a local emulator only",
        // The search service has keys disabled; the app signs in to Azure AI Search as its managed identity.
        ["Cairn__Search__ApiKey"] = "managed identity in Azure",
        // The Event Grid topic has keys disabled; the app publishes as its managed identity.
        ["Cairn__Events__EventGrid__Key"] = "managed identity in Azure",
        // The package carries the sentence model; GloVe is the opt-in low-memory embedder, not deployed.
        ["Cairn__Embeddings__GloVe__ModelPath"] = "GloVe embedder, opt-in",
        ["Cairn__Embeddings__GloVe__SifA"] = "GloVe embedder, opt-in",
        ["Cairn__Embeddings__GloVe__RemoveCommonComponent"] = "GloVe embedder, opt-in",
        // In Azure the Bicep creates the search container (param searchVectorIndexType); the app creates one only with a key.
        ["Cairn__Search__CosmosVectorIndex"] = "Cosmos search container created by the app, outside Azure only",
        // Azure searches in Cosmos DB or Azure AI Search; this steers PostgreSQL's vector arm only.
        ["Cairn__Search__ExactVectorSearchUpTo"] = "PostgreSQL search only",
        ["Cairn__Search__MirrorVectors"] = "PostgreSQL search only",
        ["Cairn__Search__MirroredVectorScanUpTo"] = "PostgreSQL search only",
        // Azure embeds with the packaged local model; these matter only with Cairn__Embeddings__Provider=OpenAI.
        ["Cairn__Embeddings__OpenAI__Endpoint"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__ApiKey"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__Model"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__Dimensions"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__RequestDimensions"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__BatchSize"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__MaxRetries"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__Timeout"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__QueryRetries"] = "OpenAI-compatible embedder, opt-in",
        ["Cairn__Embeddings__OpenAI__QueryTimeout"] = "OpenAI-compatible embedder, opt-in",
    };

    [Fact]
    public void BicepAppSettingsSetEverySettingTheAppReads()
    {
        var inAzure = BicepAppSettings();

        var missing = SettingsDriftTests.SettingsTheAppReads()
            .Where(setting => !inAzure.Contains(setting) && !LocalOnlySettings.ContainsKey(setting))
            .ToList();

        Assert.True(missing.Count == 0, $"infra/modules/appsettings.bicep (var appSettings) lacks: {string.Join(", ", missing)}. Add them there, or to {nameof(LocalOnlySettings)} with the reason.");
    }

    [Fact]
    public void TheLocalOnlyAllowListNamesOnlySettingsTheAppReadsAndAzureLacks()
    {
        var reads = SettingsDriftTests.SettingsTheAppReads();
        var inAzure = BicepAppSettings();

        var stale = LocalOnlySettings.Keys.Where(setting => !reads.Contains(setting) || inAzure.Contains(setting)).ToList();

        Assert.True(stale.Count == 0, $"remove from {nameof(LocalOnlySettings)}: {string.Join(", ", stale)}");
    }

    [Fact]
    public void BicepAppSettingsIncludeTheHostsIdentityBasedStorage()
    {
        var inAzure = BicepAppSettings();

        Assert.Contains("AzureWebJobsStorage__accountName", inAzure);
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", inAzure);
        // Flex Consumption takes the stack from functionAppConfig.runtime and rejects this setting.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", inAzure);
    }

    [Fact]
    public void BicepCreatesEveryCosmosContainerTheAppUses()
    {
        var inAzure = BicepCosmosContainers();
        var used = typeof(Cairn.Storage.Containers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();
        Assert.Contains("agents", used);

        var missing = used.Where(container => !inAzure.Contains(container)).ToList();

        Assert.True(missing.Count == 0, $"infra/main.bicep (param cosmosContainers) lacks: {string.Join(", ", missing)}");
    }

    // Keys of var appSettings = { … }: lines Name: value up to the closing brace at column 0.
    public static HashSet<string> BicepAppSettings()
    {
        var block = Block(Path.Combine("infra", "modules", "appsettings.bicep"), "var appSettings = {", "}");
        return block.Select(line => SettingKey().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    // Names of param cosmosContainers array = [ … ]: one { name: '…', sortFields: [...] } per line.
    public static HashSet<string> BicepCosmosContainers() => BicepCosmosSortFields().Keys.ToHashSet(StringComparer.Ordinal);

    // Each Bicep container's sort fields, which become its composite indexes.
    public static Dictionary<string, string[]> BicepCosmosSortFields()
    {
        var block = Block(Path.Combine("infra", "main.bicep"), "param cosmosContainers array = [", "]");
        return block.Select(line => ContainerItem().Match(line)).Where(m => m.Success).ToDictionary(
            m => m.Groups["name"].Value,
            m => m.Groups["fields"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.Trim('\'')).ToArray(),
            StringComparer.Ordinal);
    }

    private static List<string> Block(string relativePath, string opening, string closing)
    {
        var lines = File.ReadAllLines(Path.Combine(Package.RepoRoot(), relativePath));
        var start = Array.FindIndex(lines, line => line.TrimEnd() == opening);
        Assert.True(start >= 0, $"{relativePath}: no line '{opening}'");
        var end = Array.FindIndex(lines, start + 1, line => line.TrimEnd() == closing);
        Assert.True(end > start, $"{relativePath}: '{opening}' is not closed by a line '{closing}'");
        return lines[(start + 1)..end].ToList();
    }

    [GeneratedRegex(@"^\s+([A-Za-z_][A-Za-z0-9_]*)\s*:")]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"^\s+\{\s*name:\s*'(?<name>[^']+)',\s*sortFields:\s*\[(?<fields>[^\]]*)\]\s*\}\s*$")]
    private static partial Regex ContainerItem();
}
