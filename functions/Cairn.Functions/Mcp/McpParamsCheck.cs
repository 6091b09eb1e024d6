using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Errors;
using ModelContextProtocol.Protocol;

namespace Cairn.Mcp;

// The shape of a tools/call's params, checked before the SDK binds them: a params value the SDK cannot bind (e.g.
// arguments as a string) or a string breaking TextRules is an Invalid params error (-32602) naming the field, not the
// SDK's Internal error. Rules about argument values stay tool errors the model can read and fix.
internal static class McpParamsCheck
{
    // The error to answer instead of running the call, or null when the params may go on to the tool.
    public static JsonRpcError? Check(JsonRpcMessage message)
    {
        if (message is not JsonRpcRequest { Method: RequestMethods.ToolsCall } request)
        {
            return null;
        }
        return Find(request.Params) is { } bad
            ? new JsonRpcError
            {
                Id = request.Id,
                Error = new JsonRpcErrorDetail
                {
                    Code = (int)ModelContextProtocol.McpErrorCode.InvalidParams,
                    Message = $"Invalid params: {bad.Field} {bad.Rule}",
                    Data = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["field"] = bad.Field, ["rule"] = bad.Rule }),
                },
            }
            : null;
    }

    private static (string Field, string Rule)? Find(JsonNode? parameters)
    {
        if (parameters is not JsonObject values)
        {
            return ("params", "must be an object with 'name' and 'arguments'.");
        }
        if (values["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
        {
            return ("params.name", "must be a string: the name of a tool that tools/list names.");
        }
        if (TextRules.Check(name.GetValue<string>()) is { } nameRule)
        {
            return ("params.name", nameRule);
        }
        var arguments = values["arguments"];
        if (arguments is not null and not JsonObject)
        {
            return ("params.arguments", "must be an object whose properties are the tool's arguments.");
        }
        try
        {
            TextRules.ThrowIfInvalid(arguments, "params.arguments");
        }
        catch (ApiProblem problem) when (problem.Errors is { Count: 1 } errors)
        {
            var (field, rules) = errors.First();
            return (field, rules[0]);
        }
        return null;
    }
}
