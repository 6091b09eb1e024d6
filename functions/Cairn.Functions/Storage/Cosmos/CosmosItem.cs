using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cairn.Serialization;

namespace Cairn.Storage.Cosmos;

/// <summary>
/// The stored shape: <c>{ id, pk, data: body, expires_at?: unix seconds, ttl?: seconds }</c>. The body sits under
/// <c>data</c> so its fields can never collide with Cosmos's own (<c>id</c>, <c>ttl</c>, <c>_etag</c>, …).
/// </summary>
internal sealed record CosmosItem<T>(
    [property: JsonPropertyName(CosmosItem.IdName)] string Id,
    [property: JsonPropertyName(CosmosItem.PartitionKeyName)] string PartitionKey,
    [property: JsonPropertyName(CosmosItem.DataName)] T Data,
    [property: JsonPropertyName(CosmosItem.ExpiresAtName)] double? ExpiresAt,
    [property: JsonPropertyName("_etag")] string ETag)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= CosmosItem.UnixSeconds(now);

    public Document<T> ToDocument() => new(CosmosItem.DecodeId(Id), PartitionKey, Data, ETag);
}

/// <summary>One page of a query as the SDK's stream iterator returns it.</summary>
internal sealed record CosmosPage<T>([property: JsonPropertyName("Documents")] IReadOnlyList<CosmosItem<T>> Documents);

internal static class CosmosItem
{
    // The envelope's own names, written and read in one place (the query text uses them too).
    public const string IdName = "id";
    public const string PartitionKeyName = "pk";
    public const string DataName = "data";
    public const string ExpiresAtName = "expires_at";

    public static double UnixSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    public static MemoryStream Write<T>(string id, string partitionKey, T body, TimeSpan? timeToLive, DateTimeOffset now)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString(IdName, EncodeId(id));
            writer.WriteString(PartitionKeyName, partitionKey);
            writer.WritePropertyName(DataName);
            JsonSerializer.Serialize(writer, body, CairnJson.Options);
            if (timeToLive is { } ttl)
            {
                // expires_at drives reads and queries (the test server never expires); ttl lets Azure delete for real.
                writer.WriteNumber(ExpiresAtName, UnixSeconds(now + ttl));
                writer.WriteNumber("ttl", (int)Math.Clamp(Math.Ceiling(ttl.TotalSeconds), 1, int.MaxValue));
            }
            writer.WriteEndObject();
        }
        if (DocumentBodies.ContainsNul(stream.GetBuffer().AsSpan(0, (int)stream.Length)))
        {
            throw DocumentBodies.NulNotAllowed();
        }
        stream.Position = 0;
        return stream;
    }

    public static async Task<CosmosItem<T>> ReadAsync<T>(Stream content, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<CosmosItem<T>>(content, CairnJson.Options, cancellationToken)
        ?? throw new JsonException("Cosmos DB returned an empty item.");

    // Cosmos ids may not hold '/', '\\', '?' or '#', and '%' is decoded on the way through URLs; '~' (URL-safe)
    // escapes them as ~XX, and escapes itself, so decoding is exact.
    private const string Escaped = "~/\\?#%";

    public static string EncodeId(string id)
    {
        if (id.AsSpan().IndexOfAny(Escaped) < 0)
        {
            return id;
        }
        var encoded = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            if (Escaped.Contains(c, StringComparison.Ordinal))
            {
                encoded.Append('~').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                encoded.Append(c);
            }
        }
        return encoded.ToString();
    }

    public static string DecodeId(string id)
    {
        if (!id.Contains('~', StringComparison.Ordinal))
        {
            return id;
        }
        var decoded = new StringBuilder(id.Length);
        for (var i = 0; i < id.Length; i++)
        {
            if (id[i] == '~' && i + 2 < id.Length && byte.TryParse(id.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                decoded.Append((char)code);
                i += 2;
            }
            else
            {
                decoded.Append(id[i]);
            }
        }
        return decoded.ToString();
    }
}
