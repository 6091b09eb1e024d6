using Cairn.Search.AzureAISearch;
using Cairn.Search.Cosmos;
using Cairn.Search.Postgres;
using Cairn.Storage.Postgres;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Cairn.Search;

public static class SearchExtensions
{
    // The search port: PostgreSQL (needs AddCairnStorage: connection, migrations), a Cosmos DB container (needs
    // AddCairnStorage's Cosmos client) or Azure AI Search, by Cairn:Search:Provider; either needs an embedding
    // generator, whose model the index is bound to.
    public static IServiceCollection AddCairnSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => SearchDataSource.Create(
            sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString, sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        services.AddSingleton(sp => EmbeddingModelInfo.From(sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.AddSingleton<PostgresSearchIndex>();
        services.AddAzureAISearch();
        services.AddCosmosSearch();
        // Chosen when first resolved, so settings supplied late (test hosts) count.
        services.AddSingleton<ISearchIndex>(sp => Provider(sp) switch
        {
            SearchProvider.AzureAISearch => sp.GetRequiredService<AzureAISearchIndex>(),
            SearchProvider.Cosmos => sp.GetRequiredService<CosmosSearchIndex>(),
            _ => sp.GetRequiredService<PostgresSearchIndex>(),
        });
        services.AddSingleton<VectorReadiness>();
        services.AddHostedService<SearchInitializer>();
        // After the initializer, which says whether there is anything to re-embed.
        services.AddHostedService<SearchReembedJob>();
        services.AddHealthChecks().AddCheck<SearchVectorsHealthCheck>("search");
        return services;
    }

    internal static SearchProvider Provider(IServiceProvider services) => services.GetRequiredService<IOptions<SearchOptions>>().Value.Provider;
}

// Creates or checks the index and refuses to start when it holds another model's vectors. On PostgreSQL the migrator is
// idempotent, so running it first here is safe.
internal sealed class SearchInitializer(IServiceProvider services, ILogger<SearchInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        switch (SearchExtensions.Provider(services))
        {
            case SearchProvider.AzureAISearch:
                WarnAboutFusion("Azure AI Search fuses hybrid results by RRF with k 60; the setting applies to PostgreSQL only", convexMeansSomething: false);
                await services.GetRequiredService<AzureSearchSetup>().EnsureIndexAsync(cancellationToken);
                return;
            case SearchProvider.Cosmos:
                WarnAboutFusion("Cosmos DB fuses hybrid results by RRF with k 60; Convex's keyword weight becomes RRF weights there", convexMeansSomething: true);
                await services.GetRequiredService<CosmosSearchSetup>().EnsureContainerAsync(cancellationToken);
                return;
        }
        await services.GetRequiredService<PostgresMigrator>().MigrateAsync(cancellationToken);
        var ready = await PostgresSearchSchema.EnsureModelAsync(
            services.GetRequiredService<SearchDataSource>().Inner, services.GetRequiredService<EmbeddingModelInfo>(), logger, cancellationToken);
        if (!ready)
        {
            var pending = await SearchReembedJob.CountPendingAsync(
                services.GetRequiredService<SearchDataSource>().Inner, services.GetRequiredService<EmbeddingModelInfo>(), cancellationToken);
            services.GetRequiredService<VectorReadiness>().MarkPending(pending);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Both cloud services fuse by their own RRF (k 60); fusion settings that ask for something else do not apply as
    // written.
    private void WarnAboutFusion(string what, bool convexMeansSomething)
    {
        var fusion = services.GetRequiredService<IOptions<SearchOptions>>().Value.Fusion;
        var method = fusion.Resolve(services.GetRequiredService<EmbeddingModelInfo>().Provider);
        if ((method != FusionMethod.Rrf && !convexMeansSomething) || fusion.RrfK != 60)
        {
            logger.LogWarning("Cairn:Search:Fusion asks for {Method} fusion (RRF k {RrfK}), but {What} (docs/search.md)", method, fusion.RrfK, what);
        }
    }
}
