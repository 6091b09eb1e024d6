using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Cairn.Safety;

namespace Cairn.Engrams;

// Reading an engram from a request and making it ready to store: parse, validate, complete, check.
public static class EngramBodies
{
    // Cairn's own limit, so one engram cannot crowd a recall or a pack.
    public const int MaxEngramBytes = 64 * 1024;

    // Reads the body as a JSON object, keeping every number and string exactly (System.Text.Json's nodes keep the
    // original text). Duplicate keys are refused: which one "wins" would be a guess.
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.");
        }
        if (request.ContentLength == 0)
        {
            throw ApiProblem.BadRequest("body_required", "A JSON request body is required.");
        }
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, documentOptions: Engram.ParseOptions, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
            var message = exception.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
            throw ApiProblem.BadRequest("malformed_json", $"The request body is not valid JSON{where}: {message}");
        }
        return node as JsonObject ?? throw ApiProblem.BadRequest("invalid_body", "The body must be a JSON object.");
    }

    // Schema errors of one engram, keyed by path under prefix (e.g. engrams[3].).
    public static void Validate(JsonObject json, SchemaErrors errors, string prefix = "")
    {
        EngramSchema.Check(json, errors, prefix.TrimEnd('.'));
        if (errors.IsEmpty && json.ToJsonString(Engram.TextOptions).Length > MaxEngramBytes)
        {
            errors.Add(prefix.Length == 0 ? "engram" : prefix.TrimEnd('.'), $"must be at most {MaxEngramBytes} characters as JSON.");
        }
    }

    public static void ThrowIfInvalid(SchemaErrors errors)
    {
        if (!errors.IsEmpty)
        {
            throw ApiProblem.Validation(errors.ToDictionary());
        }
    }

    // Fills the schema's defaults, infers a missing polarity and fingerprints the statement, as learning does.
    public static Engram Complete(JsonObject json, DateTimeOffset now)
    {
        EngramSchema.ApplyDefaults(json, now);
        var engram = new Engram(json);
        if (!json.ContainsKey("polarity"))
        {
            json["polarity"] = Polarity.Infer(engram.Statement);
        }
        if (!json.ContainsKey("content_hash"))
        {
            json["content_hash"] = StatementHashes.ContentHash(engram.Statement);
        }
        // PLUR extracts entities at ingest; what the agent sent stays as sent.
        if (!json.ContainsKey("entities") && Entities.EntityExtractor.Extract(engram.Statement) is { Count: > 0 } entities)
        {
            json["entities"] = Entities.EntityExtractor.ToJson(entities);
        }
        return engram;
    }

    // Whether other agents can read the engram: a shared scope, and not visibility: private.
    public static bool IsSharedWithOthers(Engram engram) => Scopes.Reach(engram.Scope) != ScopeReach.Owner && engram.Visibility != "private";

    // Engrams others can recall are public content: no secrets or personal data (see Safety/).
    public static void ThrowIfSensitive(Engram engram)
    {
        if (IsSharedWithOthers(engram))
        {
            ContentScanner.ThrowIfSensitive(Scan(engram));
        }
    }

    // What the scanner finds in an engram. Entities Cairn extracted from the statement are left out: the statement is
    // scanned whole, and a fragment out of its context only adds false positives ("allow 10.0.0.0/8" is a CIDR range,
    // its extracted "10.0.0.0" looked like a private address). Entities a caller sent are scanned as sent.
    public static IReadOnlyList<Finding> Scan(Engram engram, string path = "")
    {
        if (engram.Json["entities"] is not JsonArray sent
            || !JsonNode.DeepEquals(sent, Entities.EntityExtractor.ToJson(Entities.EntityExtractor.Extract(engram.Statement))))
        {
            return ContentScanner.Scan(engram.Json, path);
        }
        var view = engram.Json.DeepClone().AsObject();
        view.Remove("entities");
        return ContentScanner.Scan(view, path);
    }
}
