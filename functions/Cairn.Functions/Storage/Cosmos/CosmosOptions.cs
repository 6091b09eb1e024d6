using Microsoft.Extensions.Options;

namespace Cairn.Storage.Cosmos;

public sealed class CosmosOptions
{
    public const string Section = "Cairn:Cosmos";

    // Account endpoint, e.g. https://cairn-prod.documents.azure.com:443/.
    public string? Endpoint { get; set; }

    // Account key; leave empty in Azure to authenticate as the app's managed identity (DefaultAzureCredential).
    public string? Key { get; set; }

    public string Database { get; set; } = "cairn";

    // The endpoint is a single-node emulator on this machine (the Azure Cosmos DB emulator, or the tests' server for a
    // separate app process): Gateway mode, that address only, its self-signed certificate. Refused for other hosts.
    public bool Emulator { get; set; }
}

// Checks the Cosmos settings only when Cosmos is the chosen provider, with messages that say what to set.
internal sealed class CosmosOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<CosmosOptions>
{
    public ValidateOptionsResult Validate(string? name, CosmosOptions options)
    {
        if (storage.Value.Provider != StorageProvider.Cosmos)
        {
            return ValidateOptionsResult.Skip;
        }
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            failures.Add($"{CosmosOptions.Section}:Endpoint is required when {StorageOptions.Section}:Provider is Cosmos (e.g. https://<account>.documents.azure.com:443/).");
        }
        else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            failures.Add($"{CosmosOptions.Section}:Endpoint '{options.Endpoint}' is not an absolute http(s) URL.");
        }
        else if (options.Emulator && !endpoint.IsLoopback)
        {
            failures.Add($"{CosmosOptions.Section}:Emulator is only for an emulator on this machine; '{options.Endpoint}' is not a loopback address.");
        }
        if (!string.IsNullOrEmpty(options.Key) && !IsBase64(options.Key))
        {
            failures.Add($"{CosmosOptions.Section}:Key is not a base64 account key; leave it empty to use the managed identity.");
        }
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            failures.Add($"{CosmosOptions.Section}:Database must not be empty (default 'cairn').");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value, new byte[value.Length], out _);
}
