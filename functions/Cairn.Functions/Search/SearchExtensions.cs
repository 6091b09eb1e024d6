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
        services.AddSingleton<ISearchIndex, PostgresSearchIndex>();
        services.AddHostedService<SearchInitializer>();
        return services;
    }
}

/// <summary>Refuses to start when the index holds another model's vectors; the migrator is idempotent, so running it first here is safe.</summary>
internal sealed class SearchInitializer(PostgresMigrator migrator, SearchDataSource dataSource, EmbeddingModelInfo model) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        await PostgresSearchSchema.EnsureModelAsync(dataSource.Inner, model, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
