using Cairn.Storage.Cosmos;
using Cairn.Storage.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cairn.Storage;

public static class StorageExtensions
{
    // Both adapters are registered; Cairn:Storage:Provider picks one when services are first resolved, so settings
    // supplied late (test hosts) count, and the other adapter never connects or validates its settings.
    public static IServiceCollection AddCairnStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddPostgresStorage();
        services.AddCosmosStorage();
        services.AddSingleton<IDocumentStore>(sp => Provider(sp) switch
        {
            StorageProvider.Cosmos => sp.GetRequiredService<CosmosDocumentStore>(),
            _ => sp.GetRequiredService<PostgresDocumentStore>(),
        });
        services.AddSingleton<DocumentMutator>();
        // Cosmos deletes expired documents itself (TTL): the cleanup jobs see NativeExpiry and stand down.
        services.AddSingleton<IExpiredDocumentPurger>(sp => Provider(sp) switch
        {
            StorageProvider.Cosmos => NativeExpiry.Instance,
            _ => sp.GetRequiredService<PostgresExpiredDocumentPurger>(),
        });
        services.AddHostedService<StorageInitializer>();
        services.AddHealthChecks().Add(new HealthCheckRegistration("database", sp => Provider(sp) switch
        {
            StorageProvider.Cosmos => ActivatorUtilities.CreateInstance<CosmosHealthCheck>(sp),
            _ => ActivatorUtilities.CreateInstance<PostgresHealthCheck>(sp),
        }, failureStatus: null, tags: null));
        return services;
    }

    internal static StorageProvider Provider(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;
}

// Brings the chosen backend up to date (schema migrations, or Cosmos containers) before the first request.
internal sealed class StorageInitializer(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => StorageExtensions.Provider(services) switch
    {
        StorageProvider.Cosmos => services.GetRequiredService<CosmosContainerSetup>().EnsureAsync(
            services.GetRequiredService<IOptions<CosmosOptions>>().Value.Database, Containers.All, cancellationToken),
        _ => services.GetRequiredService<PostgresMigrator>().MigrateAsync(cancellationToken),
    };

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
