using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Cairn.Storage.Cosmos;

// Lets the SDK serialise with Cairn's System.Text.Json options (query parameters above all), so a value compares in
// Cosmos exactly as it was written into a body — the SDK's default would use Newtonsoft.Json with other rules.
internal sealed class CosmosJsonSerializer(JsonSerializerOptions options) : CosmosSerializer
{
    public override T FromStream<T>(Stream stream)
    {
        if (stream is T passThrough)
        {
            return passThrough;
        }
        using (stream)
        {
            return JsonSerializer.Deserialize<T>(stream, options)!;
        }
    }

    public override Stream ToStream<T>(T input)
    {
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, input, options);
        stream.Position = 0;
        return stream;
    }
}
