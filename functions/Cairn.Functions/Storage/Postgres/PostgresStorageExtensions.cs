using Microsoft.Extensions.Options;
using Npgsql;

namespace Cairn.Storage.Postgres;

internal static class PostgresStorageExtensions
{
    // Registers the PostgreSQL adapter; nothing connects until the provider is chosen and a service is resolved.
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString).Build());
        services.AddSingleton<PostgresMigrator>();
        services.AddSingleton<PostgresDocumentStore>();
        services.AddSingleton<PostgresExpiredDocumentPurger>();
        return services;
    }
}
