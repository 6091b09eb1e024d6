using Azure.Identity;
using Cairn.Serialization;
using Microsoft.Azure.Cosmos;

namespace Cairn.Storage.Cosmos;

internal static class CosmosClientFactory
{
    // An emulator speaks the gateway protocol only, on its own address, with a self-signed certificate.
    internal static CosmosClientOptions UseEmulator(CosmosClientOptions clientOptions)
    {
        clientOptions.ConnectionMode = ConnectionMode.Gateway;
        clientOptions.LimitToEndpoint = true;
        clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        });
        return clientOptions;
    }

    // clientOptions: connection settings a host configured (tests point them at the local test server); Cairn's
    // serializer and write settings are set on top.
    public static CosmosClient Create(CosmosOptions options, CosmosClientOptions? clientOptions = null)
    {
        clientOptions ??= new CosmosClientOptions();
        clientOptions.ApplicationName = "cairn";
        clientOptions.Serializer = new CosmosJsonSerializer(CairnJson.Options);
        // Writes return the ETag in a header; echoing the body back costs bandwidth and nothing else.
        clientOptions.EnableContentResponseOnWrite = false;
        // One span per operation on the Azure.Cosmos.Operation source, which Telemetry/ listens to.
        clientOptions.CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = false };
        if (options.Emulator)
        {
            UseEmulator(clientOptions);
        }
        var endpoint = options.Endpoint ?? throw new InvalidOperationException($"{CosmosOptions.Section}:Endpoint is not set.");
        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new CosmosClient(endpoint, options.Key, clientOptions);
    }
}
