using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings;

// The registration the built-in embedders share: validated options, the generator as the app's IEmbeddingGenerator, and
// a warm-up that loads the model in the background once the server listens.
internal static class BuiltInEmbedder
{
    public static IServiceCollection Add<TGenerator, TOptions, TValidator>(IServiceCollection services, string section, EmbedderLoading<TGenerator> loading)
        where TGenerator : class, IEmbeddingGenerator<string, Embedding<float>>
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.AddSingleton<TGenerator>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<TGenerator>());
        services.AddHostedService(sp => new EmbedderWarmUp<TGenerator>(sp.GetRequiredService<TGenerator>(), loading, sp.GetRequiredService<ILogger<EmbedderWarmUp<TGenerator>>>()));
        return services;
    }
}

// How a warm-up names, finds and loads one built-in embedder's model.
internal sealed record EmbedderLoading<TGenerator>(string Name, Func<TGenerator, string> Path, Func<TGenerator, Task<(string ModelId, TimeSpan LoadTime)>> Load);

// Starts loading the model once the server listens, so the load does not compete for the CPU with start-up (a cold
// instance is healthy sooner, docs/deploy.md); requests that need the model before it is ready wait for it.
internal sealed class EmbedderWarmUp<TGenerator>(TGenerator generator, EmbedderLoading<TGenerator> loading, ILogger<EmbedderWarmUp<TGenerator>> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _ = loading.Load(generator).ContinueWith(
            load =>
            {
                if (load.IsCompletedSuccessfully)
                {
                    logger.LogInformation("{Embedder} embedder {ModelId} loaded from {Path} in {Milliseconds:F0} ms", loading.Name, load.Result.ModelId, loading.Path(generator), load.Result.LoadTime.TotalMilliseconds);
                }
                else
                {
                    logger.LogError(load.Exception?.GetBaseException(), "{Embedder} embedder failed to load from {Path}", loading.Name, loading.Path(generator));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
