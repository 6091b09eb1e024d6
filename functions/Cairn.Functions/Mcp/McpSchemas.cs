using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Cairn.Serialization;

namespace Cairn.Mcp;

/// <summary>
/// JSON Schemas of tool inputs, exported from the HTTP API's own request types with its wire options, so argument
/// names and types are the JSON fields of the API by construction.
/// </summary>
internal static class McpSchemas
{
    // The exporter needs a resolver; the copy keeps snake_case, strict numbers and the enum converter.
    private static readonly JsonSerializerOptions Options = new(CairnJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly JsonSchemaExporterOptions Exporter = new() { TransformSchemaNode = (_, node) => WithoutNull(node) };

    public static JsonObject For(Type type) => Options.GetJsonSchemaAsNode(type, Exporter).AsObject();

    /// <summary>
    /// The schema of a tool's structured result, nulls kept (responses do write them); null when the result is not a
    /// JSON object, since MCP output schemas describe objects only.
    /// </summary>
    public static JsonObject? Output(Type type)
    {
        if (type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement))
        {
            return null;
        }
        if (Options.GetJsonSchemaAsNode(type) is not JsonObject root)
        {
            return null;
        }
        // A record exports as ["object", "null"]; a tool's result itself is never null.
        var isObject = root["type"] switch
        {
            JsonValue kind => kind.GetValueKind() == JsonValueKind.String && (string?)kind == "object",
            JsonArray kinds => kinds.Any(k => (string?)k == "object"),
            _ => false,
        };
        if (!isObject)
        {
            return null;
        }
        root["type"] = "object";
        // A failed call's structured content is the problem (McpToolResults.Error), and clients check it against this schema too.
        Rebase(root, "#/anyOf/0");
        return new JsonObject { ["type"] = "object", ["anyOf"] = new JsonArray(root, McpToolResults.ProblemSchema()) };
    }

    /// <summary>Moves the schema's own references (<c>#/…</c>) under <paramref name="prefix"/>, where it is being nested.</summary>
    private static void Rebase(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["$ref"] is JsonValue reference && (string?)reference is { } target && target.StartsWith('#'))
                {
                    schema["$ref"] = prefix + target[1..];
                }
                foreach (var (_, child) in schema.ToList())
                {
                    Rebase(child, prefix);
                }
                break;
            case JsonArray list:
                foreach (var child in list)
                {
                    Rebase(child, prefix);
                }
                break;
        }
    }

    /// <summary>Arguments are optional by leaving them out, so <c>["string", "null"]</c> becomes <c>"string"</c>: plainer for a model to read.</summary>
    private static JsonNode WithoutNull(JsonNode node)
    {
        if (node is JsonObject schema && schema["type"] is JsonArray types)
        {
            var kept = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            schema["type"] = kept.Count == 1 ? kept[0] : new JsonArray([.. kept.Select(t => (JsonNode)t)]);
        }
        return node;
    }
}
