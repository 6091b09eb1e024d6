using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Serialization;

namespace Cairn.Mcp;

/// <summary>
/// A tool call's arguments, bound with the wire options of the HTTP API (snake_case, strict numbers), so a mistyped
/// argument gets the same <c>invalid_type</c> message as a mistyped field of a request body, naming the argument.
/// </summary>
public sealed class McpArguments(IDictionary<string, JsonElement>? values)
{
    private readonly IDictionary<string, JsonElement> _values = values ?? new Dictionary<string, JsonElement>();

    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The whole argument object as a request record (the body the HTTP endpoint would get).</summary>
    public T Body<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(_values), CairnJson.Options)
                ?? throw ApiProblem.BadRequest("body_required", "The tool needs an arguments object.");
        }
        catch (JsonException json)
        {
            throw ErrorHandling.FromJson(json, typeof(T));
        }
    }

    /// <summary>The arguments as one JSON object, less the route-like ones: for services that take a pass-through JSON body.</summary>
    public JsonObject Object(IReadOnlySet<string> except)
    {
        var body = new JsonObject();
        foreach (var (name, value) in _values.Where(v => !except.Contains(v.Key)))
        {
            // Parsed from the raw text, so numbers and strings stay exactly as sent, as the HTTP body would.
            body[name] = JsonNode.Parse(value.GetRawText());
        }
        return body;
    }

    /// <summary>An argument that stands for a route or query value of the HTTP API; absent or null gives <c>default</c>.</summary>
    public T? Get<T>(string name) => TryGet<T>(name, out var value) ? value : default;

    /// <summary>An argument the HTTP API takes from the path, so it can never be missing there.</summary>
    public T Required<T>(string name) where T : notnull =>
        TryGet<T>(name, out var value) && value is not null && (value is not string text || !string.IsNullOrWhiteSpace(text))
            ? value
            : throw ApiProblem.Validation(name, "is required.");

    private bool TryGet<T>(string name, out T? value)
    {
        value = default;
        if (!_values.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        try
        {
            value = element.Deserialize<T>(CairnJson.Options);
            return true;
        }
        catch (JsonException)
        {
            var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
            var message = $"must be {JsonPathTypes.Describe(type)}.";
            throw new ApiProblem(StatusCodes.Status400BadRequest, "invalid_type", $"{name}: {message}", new Dictionary<string, string[]> { [name] = [message] });
        }
    }
}
