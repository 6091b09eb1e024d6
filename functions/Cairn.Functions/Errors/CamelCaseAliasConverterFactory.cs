using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Cairn.Errors;

// Reads a request marked CamelCaseAliasesAttribute with its camelCase field names renamed to the wire's snake_case
// first. A converter, because System.Text.Json binds one name per constructor parameter (records), so a second property
// name cannot be added to the contract.
internal sealed class CamelCaseAliasConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.GetCustomAttribute<CamelCaseAliasesAttribute>() is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(AliasConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class AliasConverter<T> : JsonConverter<T>
    {
        private static readonly HashSet<string> Known = [.. StrictRequests.FieldNames(typeof(T))];
        private static readonly string[] Ignored = typeof(T).GetCustomAttribute<CamelCaseAliasesAttribute>()!.Ignored;
        private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Inner = [];

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (JsonNode.Parse(ref reader) is not JsonObject body)
            {
                throw new JsonException("The JSON value could not be converted to a JSON object.");
            }
            try
            {
                return Read(body, options);
            }
            catch (ArgumentException duplicate)
            {
                // JsonObject refuses a repeated property name when it first indexes the object: a client error, not a fault.
                throw new JsonException("The JSON object names a property twice; send each field once.", duplicate);
            }
        }

        private static T? Read(JsonObject body, JsonSerializerOptions options)
        {
            foreach (var name in Ignored)
            {
                body.Remove(name);
            }
            foreach (var (name, _) in body.ToList())
            {
                var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
                // The snake_case name wins when both are sent; an alias of nothing known stays, to be reported as unknown.
                if (!Known.Contains(name) && Known.Contains(snake))
                {
                    var value = body[name];
                    body.Remove(name);
                    body.TryAdd(snake, value);
                }
            }
            return body.Deserialize<T>(Inner.GetValue(options, WithoutAliases));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, Inner.GetValue(options, WithoutAliases));

        private static JsonSerializerOptions WithoutAliases(JsonSerializerOptions options)
        {
            var inner = new JsonSerializerOptions(options);
            inner.Converters.Remove(inner.Converters.OfType<CamelCaseAliasConverterFactory>().Single());
            return inner;
        }
    }
}
