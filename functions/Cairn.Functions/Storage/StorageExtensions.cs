using Cairn.Storage.Postgres;
using Npgsql;

namespace Cairn.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddCairnStorage(this IServiceCollection services)
    {
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PostgresOptions>>().Value;
            return new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
        });
        services.AddSingleton<PostgresMigrator>();
        services.AddSingleton<IDocumentStore, PostgresDocumentStore>();
        services.AddSingleton<IExpiredDocumentPurger, PostgresExpiredDocumentPurger>();
        services.AddHostedService<StorageInitializer>();
        services.AddHealthChecks().AddCheck<Health.PostgresHealthCheck>("database");
        return services;
    }
}

/// <summary>Brings the schema up to date before the app takes its first request.</summary>
internal sealed class StorageInitializer(PostgresMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
