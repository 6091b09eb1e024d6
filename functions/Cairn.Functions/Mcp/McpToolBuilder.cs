using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Serialization;
using ModelContextProtocol.Protocol;

namespace Cairn.Mcp;

/// <summary>Marks a tool whose arguments are only route- or query-like values, with no request body behind them.</summary>
public sealed record NoBody
{
    public static readonly NoBody Value = new();
}

/// <summary>
/// Builds one tool: its input schema from the HTTP request type (<see cref="Body{T}"/>) plus the values the HTTP API
/// takes from the path or query (<see cref="Parameter{T}"/>), with descriptions and allowed values for a model.
/// Naming a property the schema lacks fails at start-up, so a renamed request field cannot leave a stale description.
/// </summary>
public sealed class McpToolBuilder<TBody>
{
    private readonly string _name;
    private readonly string _title;
    private readonly string _description;
    private readonly JsonObject _properties;
    private readonly List<string> _required;
    private readonly HashSet<string> _parameters = new(StringComparer.Ordinal);
    private bool _open;
    private bool _readOnly;
    private bool _destructive;
    private bool _idempotent;

    internal McpToolBuilder(string name, string title, string description, JsonObject? properties = null, List<string>? required = null)
    {
        _name = name;
        _title = title;
        _description = description;
        _properties = properties ?? [];
        _required = required ?? [];
    }

    /// <summary>The request record the HTTP endpoint binds from its body; its fields become arguments.</summary>
    public McpToolBuilder<T> Body<T>()
    {
        var properties = (JsonObject)_properties.DeepClone();
        foreach (var (name, schema) in McpSchemas.For(typeof(T))["properties"]?.AsObject() ?? [])
        {
            properties[name] = schema!.DeepClone();
        }
        return Copy<T>(properties);
    }

    /// <summary>
    /// A body the service validates itself against a pass-through schema (an engram): <paramref name="properties"/>
    /// describe the fields a model usually sets; any other field is passed on as sent, as over HTTP.
    /// </summary>
    public McpToolBuilder<JsonObject> ObjectBody(JsonObject properties, IEnumerable<string> required)
    {
        var merged = (JsonObject)_properties.DeepClone();
        foreach (var (name, schema) in properties)
        {
            merged[name] = schema!.DeepClone();
        }
        var builder = Copy<JsonObject>(merged);
        builder._open = true;
        builder._required.AddRange(required);
        return builder;
    }

    private McpToolBuilder<T> Copy<T>(JsonObject properties)
    {
        var copy = new McpToolBuilder<T>(_name, _title, _description, properties, [.. _required])
        {
            _readOnly = _readOnly, _destructive = _destructive, _idempotent = _idempotent,
        };
        copy._parameters.UnionWith(_parameters);
        return copy;
    }

    /// <summary>A value the HTTP API takes from the path (required) or the query string; the limits as for <see cref="Property"/>.</summary>
    public McpToolBuilder<TBody> Parameter<T>(string name, string description, bool required = true, IEnumerable<string>? oneOf = null,
        double? minimum = null, double? maximum = null, int? maxLength = null, int? maxItems = null, object? @default = null)
    {
        _properties[name] = McpSchemas.For(typeof(T));
        _parameters.Add(name);
        return Property(name, description, required, oneOf, minimum, maximum, maxLength, maxItems, @default);
    }

    /// <summary>
    /// Describes a field of the body for a model. The allowed values (<paramref name="oneOf"/>) and limits are the
    /// constants the service validates with, so the schema states the validator's rules (McpSchemaRuleTests probes
    /// every one of them against the service). For a list, <paramref name="oneOf"/> and <paramref name="maxLength"/>
    /// apply to its items, <paramref name="maxItems"/> to the list.
    /// </summary>
    public McpToolBuilder<TBody> Property(string name, string description, bool required = false, IEnumerable<string>? oneOf = null,
        double? minimum = null, double? maximum = null, int? maxLength = null, int? maxItems = null, object? @default = null)
    {
        var schema = _properties[name]?.AsObject()
            ?? throw new InvalidOperationException($"MCP tool {_name}: '{name}' is not a field of its input ({string.Join(", ", _properties.Select(p => p.Key))}).");
        schema["description"] = description;
        var isList = (string?)schema["type"] == "array";
        var items = isList ? schema["items"]!.AsObject() : schema;
        if (oneOf is not null)
        {
            items["enum"] = new JsonArray([.. oneOf.Select(v => (JsonNode)v)]);
        }
        if (maxLength is { } length)
        {
            items["maxLength"] = length;
        }
        if (maxItems is { } count)
        {
            schema["maxItems"] = count;
        }
        if (minimum is { } min)
        {
            schema["minimum"] = min;
        }
        if (maximum is { } max)
        {
            schema["maximum"] = max;
        }
        if (@default is not null)
        {
            schema["default"] = JsonSerializer.SerializeToNode(@default, @default.GetType(), CairnJson.Options);
        }
        if (required)
        {
            _required.Add(name);
        }
        return this;
    }

    /// <summary>Leaves a field of the request out of the tool: the tool itself decides it (e.g. the status that ends a session).</summary>
    public McpToolBuilder<TBody> Omit(string name)
    {
        if (!_properties.Remove(name))
        {
            throw new InvalidOperationException($"MCP tool {_name}: '{name}' is not a field of its input.");
        }
        _required.Remove(name);
        return this;
    }

    /// <summary>Only reads: clients may call it without asking the user.</summary>
    public McpToolBuilder<TBody> ReadOnly()
    {
        _readOnly = true;
        return this;
    }

    /// <summary>Removes data: clients should confirm first.</summary>
    public McpToolBuilder<TBody> Destructive()
    {
        _destructive = true;
        return this;
    }

    /// <summary>Calling again with the same arguments changes nothing more.</summary>
    public McpToolBuilder<TBody> Idempotent()
    {
        _idempotent = true;
        return this;
    }

    public McpTool Handle<TResult>(Func<McpToolCall, TBody, CancellationToken, Task<TResult>> handler) where TResult : notnull
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = _properties.DeepClone(), ["additionalProperties"] = _open };
        if (_required.Count > 0)
        {
            schema["required"] = new JsonArray([.. _required.Distinct().Select(r => (JsonNode)r)]);
        }
        var tool = new Tool
        {
            Name = _name,
            Title = _title,
            Description = _description,
            InputSchema = JsonSerializer.SerializeToElement(schema),
            OutputSchema = McpSchemas.Output(typeof(TResult)) is { } output ? JsonSerializer.SerializeToElement(output) : null,
            Annotations = new ToolAnnotations
            {
                Title = _title, ReadOnlyHint = _readOnly, DestructiveHint = !_readOnly && _destructive, IdempotentHint = _readOnly || _idempotent, OpenWorldHint = false,
            },
        };
        var known = _properties.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var parameters = _parameters.ToHashSet(StringComparer.Ordinal);
        var open = _open;
        return new McpTool(tool, async (call, cancellationToken) =>
        {
            if (!open)
            {
                RejectUnknown(call.Arguments, known);
            }
            var body = typeof(TBody) == typeof(NoBody) ? (TBody)(object)NoBody.Value
                : open ? (TBody)(object)call.Arguments.Object(parameters)
                : call.Arguments.Body<TBody>();
            return await handler(call, body, cancellationToken);
        });
    }

    /// <summary>A misspelt argument would otherwise be dropped silently, as unknown JSON fields are; a model learns more from being told.</summary>
    private void RejectUnknown(McpArguments arguments, HashSet<string> known)
    {
        var unknown = arguments.Names.Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            var expected = known.Count == 0 ? "it takes no arguments" : $"expected {string.Join(", ", known)}";
            throw ApiProblem.Validation(unknown.ToDictionary(n => n, _ => new[] { $"is not an argument of {_name}; {expected}." }, StringComparer.Ordinal));
        }
    }
}
