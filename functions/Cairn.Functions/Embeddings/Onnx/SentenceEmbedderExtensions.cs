using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cairn.Embeddings.Onnx;

public static class SentenceEmbedderExtensions
{
    // Registers the ONNX sentence embedder as the app's generator, loads it in the background at start and reports it
    // in /api/v1/health.
    public static IServiceCollection AddSentenceEmbedder(this IServiceCollection services)
    {
        BuiltInEmbedder.Add<SentenceEmbeddingGenerator, SentenceEmbedderOptions, SentenceEmbedderOptionsValidator>(services, SentenceEmbedderOptions.Section,
            new("Sentence", generator => generator.WeightsPath, async generator =>
            {
                var encoder = await generator.StartLoading();
                return (generator.Model.ModelId, encoder.LoadTime);
            }));
        services.AddHealthChecks().AddCheck<SentenceEmbedderHealthCheck>("embedder");
        return services;
    }
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
