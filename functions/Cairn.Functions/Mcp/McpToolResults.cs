using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Errors;
using Cairn.Serialization;
using ModelContextProtocol.Protocol;

namespace Cairn.Mcp;

/// <summary>What a tool call returns: the HTTP API's response JSON, or its problem as a tool error with the same detail.</summary>
internal static class McpToolResults
{
    /// <summary>The JSON both as text (what most clients show the model) and as structured content (for programs).</summary>
    public static CallToolResult Success(object response)
    {
        var json = JsonSerializer.SerializeToElement(response, response.GetType(), CairnJson.Options);
        return new CallToolResult { Content = [new TextContentBlock { Text = json.GetRawText() }], StructuredContent = json };
    }

    /// <summary>The shape of <see cref="Error"/>'s structured content, for output schemas; kept short, as it is repeated in every tool.</summary>
    public static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["code"] = new JsonObject { ["type"] = "string" },
            ["detail"] = new JsonObject { ["type"] = "string" },
        },
        ["required"] = new JsonArray("status", "code", "detail"),
    };

    /// <summary>
    /// A tool error, not a protocol error, so the model sees it and can fix its call: the text is the problem's detail
    /// (which names each bad field), the structured content is the ProblemDetails fields an HTTP client would get.
    /// </summary>
    public static CallToolResult Error(ApiProblem problem)
    {
        var body = new Dictionary<string, object?> { ["status"] = problem.Status, ["code"] = problem.Code, ["detail"] = problem.Message };
        if (problem.Errors is not null)
        {
            body["errors"] = problem.Errors;
        }
        if (problem.RetryAfter is { } retryAfter)
        {
            body["retry_after_seconds"] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        }
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = problem.Message }],
            StructuredContent = JsonSerializer.SerializeToElement(body, CairnJson.Options),
        };
    }
}
