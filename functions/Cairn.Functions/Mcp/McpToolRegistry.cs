using System.Security.Claims;
using Cairn.Agents;
using Cairn.Errors;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Cairn.Mcp;

/// <summary>Every tool of every feature, listed and called by name; each call runs as the agent whose key authenticated the request.</summary>
public sealed class McpToolRegistry
{
    private readonly Dictionary<string, McpTool> _tools;
    private readonly Tool[] _list;
    private readonly ILogger<McpToolRegistry> _logger;

    public McpToolRegistry(IEnumerable<IMcpToolSet> sets, ILogger<McpToolRegistry> logger)
    {
        _logger = logger;
        _tools = new Dictionary<string, McpTool>(StringComparer.Ordinal);
        foreach (var tool in sets.SelectMany(s => s.Tools))
        {
            // pluggedin_ tools are plugged.in's own names (Tools/PluggedInTools.cs), kept for drop-in clients.
            if (!(tool.Name.StartsWith("cairn_", StringComparison.Ordinal) || tool.Name.StartsWith("pluggedin_", StringComparison.Ordinal)) || !_tools.TryAdd(tool.Name, tool))
            {
                throw new InvalidOperationException($"MCP tool '{tool.Name}' must be unique and start with 'cairn_' (or 'pluggedin_').");
            }
        }
        _list = [.. _tools.Values.Select(t => t.Protocol).OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyCollection<McpTool> Tools => _tools.Values;

    // A fresh list per call: the result belongs to the SDK once returned; the array stays shared and untouched.
    public ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListToolsResult { Tools = [.. _list] });

    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? "";
        if (!_tools.TryGetValue(name, out var tool))
        {
            // Per the MCP spec an unknown tool is a protocol error, not a tool result.
            throw new McpProtocolException($"Unknown tool '{name}': tools/list names the {_tools.Count} tools Cairn offers.", McpErrorCode.InvalidParams);
        }
        // /mcp requires an authenticated agent, so the principal is always there.
        var user = request.User ?? throw new InvalidOperationException("MCP call without a user.");
        var call = new McpToolCall(user.AgentId(), user.FindFirstValue(ClaimTypes.Name) ?? "", new McpArguments(request.Params!.Arguments));
        try
        {
            return McpToolResults.Success(await tool.InvokeAsync(call, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var problem = ErrorHandling.Translate(exception);
            if (problem.Status >= 500)
            {
                _logger.LogError(exception, "MCP tool {Tool} failed", name);
            }
            return McpToolResults.Error(problem);
        }
    }
}
