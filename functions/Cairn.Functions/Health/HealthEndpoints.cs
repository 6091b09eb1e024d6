using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cairn.Health;

public static class HealthEndpoints
{
    // A check that is not a reachability probe reports its own state word (e.g. the embedder: loading, ready) under
    // this key.
    public const string StateKey = "state";

    public static RouteGroupBuilder MapHealth(this RouteGroupBuilder api)
    {
        api.MapGet("/health", CheckAsync).WithTags("Health").WithName("Health").WithSummary("Whether Cairn and its database are reachable.");
        return api;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        // Degraded (e.g. the embedder still loading) still answers 200: the app serves, slower until it is ready.
        var response = new HealthResponse(
            report.Status switch { HealthStatus.Healthy => "healthy", HealthStatus.Degraded => "degraded", _ => "unhealthy" },
            report.Entries.ToDictionary(e => e.Key, e => e.Value.Data.TryGetValue(StateKey, out var state) ? $"{state}" : e.Value.Status == HealthStatus.Healthy ? "reachable" : "unreachable"));
        return report.Status != HealthStatus.Unhealthy
            ? TypedResults.Ok(response)
            : TypedResults.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);
}
