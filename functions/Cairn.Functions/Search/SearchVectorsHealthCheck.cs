using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cairn.Search;

// Degraded while the index re-embeds for a changed model (searches are keyword-only meanwhile), with its progress.
internal sealed class SearchVectorsHealthCheck(VectorReadiness vectors) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (vectors.IsReady)
        {
            return Task.FromResult(HealthCheckResult.Healthy(data: State("ready")));
        }
        var (done, total) = vectors.Progress;
        return Task.FromResult(HealthCheckResult.Degraded(data: State(string.Create(CultureInfo.InvariantCulture, $"re-embedding {done}/{total}"))));
    }

    private static Dictionary<string, object> State(string state) => new() { [Health.HealthEndpoints.StateKey] = state };
}
