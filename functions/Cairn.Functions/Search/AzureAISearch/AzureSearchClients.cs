using Azure;
using Azure.Core;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;

namespace Cairn.Search.AzureAISearch;

public static class AzureSearchClients
{
    // The REST API version, pinned so that an SDK update cannot change the requests unnoticed.
    public const SearchClientOptions.ServiceVersion ApiVersion = SearchClientOptions.ServiceVersion.V2023_11_01;

    // With an admin key when one is set (tests, outside Azure), otherwise as the app's identity.
    public static SearchIndexClient Create(SearchOptions options, TokenCredential identity, SearchClientOptions? clientOptions = null)
    {
        var endpoint = new Uri(options.Endpoint ?? throw new InvalidOperationException($"{SearchOptions.Section}:Endpoint is not set."));
        clientOptions ??= DefaultOptions();
        return string.IsNullOrEmpty(options.ApiKey)
            ? new SearchIndexClient(endpoint, identity, clientOptions)
            : new SearchIndexClient(endpoint, new AzureKeyCredential(options.ApiKey), clientOptions);
    }

    // The SDK's retries (3, exponential, honouring Retry-After on 429/503), with a timeout fit for a request path.
    public static SearchClientOptions DefaultOptions() => new(ApiVersion) { Retry = { NetworkTimeout = TimeSpan.FromSeconds(15) } };
}
