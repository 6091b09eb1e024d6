using Azure.Identity;
using Cairn.Serialization;
using Microsoft.Azure.Cosmos;

namespace Cairn.Storage.Cosmos;

internal static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosOptions options)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "cairn",
            Serializer = new CosmosJsonSerializer(CairnJson.Options),
            // Writes return the ETag in a header; echoing the body back costs bandwidth and nothing else.
            EnableContentResponseOnWrite = false,
            // One span per operation on the Azure.Cosmos.Operation source, which Telemetry/ listens to.
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = false },
        };
        if (options.AllowInsecureTestServer)
        {
            // The test server speaks the gateway protocol only, on its own address, with a self-signed certificate.
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
        }
        var endpoint = options.Endpoint ?? throw new InvalidOperationException($"{CosmosOptions.Section}:Endpoint is not set.");
        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new CosmosClient(endpoint, options.Key, clientOptions);
    }
}
