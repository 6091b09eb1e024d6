using Azure.Core;
using Azure.Identity;
using Azure.Search.Documents.Indexes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cairn.Search.AzureAISearch;

public static class AzureSearchExtensions
{
    // Registers the adapter; nothing is built (or any credential touched) unless the provider selects it.
    public static IServiceCollection AddAzureAISearch(this IServiceCollection services)
    {
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton(sp => AzureSearchClients.Create(sp.GetRequiredService<IOptions<SearchOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton(sp => sp.GetRequiredService<SearchIndexClient>().GetSearchClient(sp.GetRequiredService<IOptions<SearchOptions>>().Value.IndexName));
        services.AddSingleton<AzureAISearchIndex>();
        services.AddSingleton<AzureSearchSetup>();
        return services;
    }
}
