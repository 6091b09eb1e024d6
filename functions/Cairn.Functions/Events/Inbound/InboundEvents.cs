using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Agents;
using Cairn.Errors;

namespace Cairn.Events.Inbound;

/// <summary>
/// Reads a CloudEvent in structured mode (<c>application/cloudevents+json</c>) or binary mode (<c>ce-*</c> headers and
/// a JSON body), checks the context attributes the spec requires, and hands it to the handler of its type. Problems
/// name the attribute (<c>specversion</c>, <c>id</c>, <c>source</c>, <c>type</c>, <c>data</c>, …).
/// </summary>
public sealed class InboundEvents(IEnumerable<IInboundEventHandler> handlers, InboundEventLedger ledger)
{
    public const int MaxAttributeLength = 256;

    private readonly Dictionary<string, IInboundEventHandler> _handlers = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Types => _handlers.Keys;

    public async Task<InboundEventResponse> AcceptAsync(HttpRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var e = await ReadAsync(request, cancellationToken);
        return await ledger.ApplyOnceAsync(e, caller.Id, () => _handlers[e.Type].HandleAsync(e, caller, cancellationToken), cancellationToken);
    }

    private async Task<InboundEvent> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType is { } ct ? ct.Split(';', 2)[0].Trim().ToLowerInvariant() : null;
        if (mediaType == "application/cloudevents-batch+json")
        {
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send one event per request (structured or binary mode); batches are not accepted.");
        }
        if (mediaType == "application/cloudevents+json")
        {
            var body = await ReadObjectAsync(request, cancellationToken);
            return Check(name => body[name] switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => throw ApiProblem.Validation(name, "must be a string."),
            }, body["data"], body.ContainsKey("data_base64"));
        }
        if (request.Headers.ContainsKey("ce-specversion"))
        {
            if (mediaType != "application/json")
            {
                throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "In binary mode the body is the event's data: send it with 'Content-Type: application/json'.");
            }
            var data = await ReadObjectAsync(request, cancellationToken);
            return Check(name => BinaryAttribute(request, name), data, false, "application/json");
        }
        throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
            "Send a CloudEvent: structured mode with 'Content-Type: application/cloudevents+json', or binary mode with ce-specversion, ce-id, ce-source and ce-type headers and a JSON body.");
    }

    private InboundEvent Check(Func<string, string?> attribute, JsonNode? data, bool hasBase64Data, string? binaryContentType = null)
    {
        var v = new Validator();
        var specVersion = attribute("specversion");
        if (specVersion != "1.0")
        {
            v.Add("specversion", specVersion is null ? "is required and must be \"1.0\"." : $"must be \"1.0\" (got \"{specVersion}\").");
        }
        var id = attribute("id");
        v.Required("id", id).Length("id", id, 1, MaxAttributeLength);
        var source = attribute("source");
        v.Required("source", source).Length("source", source, 1, MaxAttributeLength);
        if (source is { Length: > 0 } && !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _))
        {
            v.Add("source", "must be a URI reference (e.g. urn:ci:pipeline-42 or https://ci.example.com/jobs/7).");
        }
        var type = attribute("type");
        v.Required("type", type);
        if (type is { Length: > 0 } && !_handlers.ContainsKey(type))
        {
            v.Add("type", $"'{type}' is not accepted; send one of: {string.Join(", ", _handlers.Keys.Order())}.");
        }
        var subject = attribute("subject");
        v.Length("subject", subject, 1, MaxAttributeLength);
        DateTimeOffset? time = null;
        if (attribute("time") is { } rawTime)
        {
            if (DateTimeOffset.TryParse(rawTime, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
            {
                time = parsed;
            }
            else
            {
                v.Add("time", "must be an RFC 3339 timestamp (e.g. 2026-12-06T05:00:00Z).");
            }
        }
        var contentType = attribute("datacontenttype") ?? binaryContentType;
        if (contentType is not null && contentType.Split(';', 2)[0].Trim() != "application/json")
        {
            v.Add("datacontenttype", "must be application/json (or left out): Cairn's events carry JSON data.");
        }
        if (hasBase64Data)
        {
            v.Add("data_base64", "is not accepted: send the data as JSON in data.");
        }
        if (data is not JsonObject)
        {
            v.Add("data", data is null ? "is required: a JSON object with the event's fields." : "must be a JSON object.");
        }
        v.ThrowIfInvalid();
        return new InboundEvent(id!, source!, type!, subject, time, (JsonObject)data!);
    }

    // Headers skip the character check every body gets: an id with a control character was stored and echoed back.
    private static string? BinaryAttribute(HttpRequest request, string name)
    {
        if (request.Headers[$"ce-{name}"] is not { Count: > 0 } value)
        {
            return null;
        }
        var text = value.ToString();
        return TextRules.Check(text) is { } rule ? throw ApiProblem.Validation(name, rule) : text;
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            throw ApiProblem.BadRequest("body_required", "A CloudEvent body is required.");
        }
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject
                ?? throw ApiProblem.BadRequest("invalid_body", "The body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw ErrorHandling.FromJson(exception, null);
        }
    }
}

/// <summary>What the event did; <c>duplicate</c> when it was applied before (within the window) and this is that result again.</summary>
public sealed record InboundEventResponse(string Id, string Type, object Result, bool Duplicate);
