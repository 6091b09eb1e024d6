using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cairn.Embeddings.Onnx;

public static class SentenceEmbedderExtensions
{
    // Registers the ONNX sentence embedder as the app's generator, loads it in the background at start and reports it
    // in /api/v1/health.
    public static IServiceCollection AddSentenceEmbedder(this IServiceCollection services)
    {
        services.AddOptions<SentenceEmbedderOptions>().BindConfiguration(SentenceEmbedderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SentenceEmbedderOptions>, SentenceEmbedderOptionsValidator>();
        services.AddSingleton<SentenceEmbeddingGenerator>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<SentenceEmbeddingGenerator>());
        services.AddHostedService<SentenceEmbedderWarmUp>();
        services.AddHealthChecks().AddCheck<SentenceEmbedderHealthCheck>("embedder");
        return services;
    }
}

// Starts loading the model without holding up start-up; requests that need it before it is ready wait for it.
internal sealed class SentenceEmbedderWarmUp(SentenceEmbeddingGenerator generator, ILogger<SentenceEmbedderWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = generator.StartLoading().ContinueWith(
            loading =>
            {
                if (loading.IsCompletedSuccessfully)
                {
                    logger.LogInformation("Sentence embedder {ModelId} loaded from {Path} in {Milliseconds:F0} ms", generator.Model.ModelId, generator.WeightsPath, loading.Result.LoadTime.TotalMilliseconds);
                }
                else
                {
                    logger.LogError(loading.Exception?.GetBaseException(), "Sentence embedder {ModelId} failed to load from {Path}", generator.Model.ModelId, generator.WeightsPath);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

// Degraded while the model loads (requests that embed wait for it), unhealthy if it failed.
internal sealed class SentenceEmbedderHealthCheck(SentenceEmbeddingGenerator generator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(generator.State switch
        {
            EmbedderState.Ready => HealthCheckResult.Healthy(data: State("ready")),
            EmbedderState.Loading => HealthCheckResult.Degraded(data: State("loading")),
            _ => HealthCheckResult.Unhealthy("The sentence embedder failed to load; the log says why.", data: State("failed")),
        });

    private static Dictionary<string, object> State(string state) => new() { [Health.HealthEndpoints.StateKey] = state };
}
