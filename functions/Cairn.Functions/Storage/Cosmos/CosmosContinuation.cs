using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cairn.Storage.Cosmos;

// Wraps the SDK's continuation token with a fingerprint of the query it belongs to, so a garbled token or one from
// another query is rejected as InvalidContinuationTokenException before it reaches the service.
internal static class CosmosContinuation
{
    public static string Wrap(string container, CosmosQuery query, string sdkToken) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { Fingerprint(container, query), sdkToken }));

    public static string Unwrap(string container, CosmosQuery query, string token)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string?[]>(Base64Url.DecodeFromChars(token));
            if (parts is [{ } fingerprint, { } sdkToken] && fingerprint == Fingerprint(container, query))
            {
                return sdkToken;
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            // Falls through to the caller-facing error below.
        }
        throw new InvalidContinuationTokenException();
    }

    private static string Fingerprint(string container, CosmosQuery query) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{container}\n{query.PartitionKey}\n{query.Sql}"))[..8]);
}
