using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cairn.Storage.Cosmos;

// The database answers a metadata read (cheap, no RU-heavy query) within the health check's time.
internal sealed class CosmosHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await database.ReadStreamAsync(cancellationToken: timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Cosmos DB answered {(int)response.StatusCode} reading database '{database.Id}'.");
        }
        catch (Exception exception) when (exception is CosmosException or HttpRequestException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Cosmos DB is not reachable.", exception);
        }
    }
}
