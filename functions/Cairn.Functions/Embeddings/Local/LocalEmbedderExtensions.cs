using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings.Local;

public static class LocalEmbedderExtensions
{
    // Registers the built-in embedder as the app's IEmbeddingGenerator and loads it in the background at start.
    public static IServiceCollection AddLocalEmbedder(this IServiceCollection services)
    {
        services.AddOptions<LocalEmbedderOptions>().BindConfiguration(LocalEmbedderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<LocalEmbedderOptions>, LocalEmbedderOptionsValidator>();
        services.AddSingleton<LocalEmbeddingGenerator>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<LocalEmbeddingGenerator>());
        services.AddHostedService<LocalEmbedderWarmUp>();
        return services;
    }
}

// Starts loading the model without holding up start-up; requests that need it before it is ready wait for it.
internal sealed class LocalEmbedderWarmUp(LocalEmbeddingGenerator generator, ILogger<LocalEmbedderWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = generator.StartLoading().ContinueWith(
            loading =>
            {
                if (loading.IsCompletedSuccessfully)
                {
                    logger.LogInformation("Local embedder {ModelId} loaded from {Path} in {Milliseconds:F0} ms", loading.Result.ModelId, generator.ModelPath, loading.Result.LoadTime.TotalMilliseconds);
                }
                else
                {
                    logger.LogError(loading.Exception?.GetBaseException(), "Local embedder failed to load from {Path}", generator.ModelPath);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
