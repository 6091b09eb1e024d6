using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Cairn.Storage.Cosmos;

internal static class CosmosStorageExtensions
{
    // Registers the Cosmos adapter; nothing connects until the provider is chosen and a service is resolved.
    public static IServiceCollection AddCosmosStorage(this IServiceCollection services)
    {
        services.AddOptions<CosmosOptions>().BindConfiguration(CosmosOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CosmosOptions>, CosmosOptionsValidator>();
        // Connection settings stay the SDK's defaults unless a host configures them (the tests' Cosmos test server does).
        services.AddOptions<CosmosClientOptions>();
        services.AddSingleton(sp => CosmosClientFactory.Create(sp.GetRequiredService<IOptions<CosmosOptions>>().Value,
            sp.GetRequiredService<IOptions<CosmosClientOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<CosmosClient>().GetDatabase(sp.GetRequiredService<IOptions<CosmosOptions>>().Value.Database));
        services.AddSingleton<CosmosContainerSetup>();
        services.AddSingleton<CosmosDocumentStore>();
        return services;
    }
}
