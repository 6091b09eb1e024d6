using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Cairn.Search.Cosmos;

public static class CosmosSearchExtensions
{
    // Registers the adapter over the storage's Cosmos DB database (AddCairnStorage); nothing connects unless the
    // provider selects it.
    public static IServiceCollection AddCosmosSearch(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CosmosSearchIndex(
            sp.GetRequiredService<Database>().GetContainer(sp.GetRequiredService<IOptions<SearchOptions>>().Value.CosmosContainer),
            sp.GetRequiredService<IOptions<SearchOptions>>(), sp.GetRequiredService<EmbeddingModelInfo>(), sp.GetRequiredService<ILogger<CosmosSearchIndex>>()));
        services.AddSingleton<CosmosSearchSetup>();
        return services;
    }
}
