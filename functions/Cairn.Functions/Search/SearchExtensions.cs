using Cairn.Search.Postgres;
using Cairn.Storage.Postgres;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Cairn.Search;

public static class SearchExtensions
{
    /// <summary>The search port on PostgreSQL; needs AddCairnStorage (connection, migrations) and an embedding generator.</summary>
    public static IServiceCollection AddCairnSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => SearchDataSource.Create(
            sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString, sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        services.AddSingleton(sp => EmbeddingModelInfo.From(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.AddSingleton<PostgresSearchIndex>();
        // Chosen when first resolved, so settings supplied late (test hosts) count.
        services.AddSingleton<ISearchIndex>(sp => Provider(sp) switch
        {
            SearchProvider.Postgres => sp.GetRequiredService<PostgresSearchIndex>(),
            var other => throw new NotSupportedException($"{SearchOptions.Section}:Provider is {other}, whose adapter is not built yet; use Postgres."),
        });
        services.AddHostedService<SearchInitializer>();
        return services;
    }

    internal static SearchProvider Provider(IServiceProvider services) => services.GetRequiredService<IOptions<SearchOptions>>().Value.Provider;
}

/// <summary>Refuses to start when the index holds another model's vectors; the migrator is idempotent, so running it first here is safe.</summary>
internal sealed class SearchInitializer(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (SearchExtensions.Provider(services) != SearchProvider.Postgres)
        {
            return;
        }
        await services.GetRequiredService<PostgresMigrator>().MigrateAsync(cancellationToken);
        await PostgresSearchSchema.EnsureModelAsync(
            services.GetRequiredService<SearchDataSource>().Inner, services.GetRequiredService<EmbeddingModelInfo>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
