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
    public const string DefaultToolset = "cairn";

    private readonly Dictionary<string, Tool[]> _toolsets;
    private readonly ILogger<McpToolRegistry> _logger;

    public McpToolRegistry(IEnumerable<IMcpToolSet> sets, ILogger<McpToolRegistry> logger)
    {
        _logger = logger;
        _tools = new Dictionary<string, McpTool>(StringComparer.Ordinal);
        var toolsets = new Dictionary<string, List<Tool>>(StringComparer.Ordinal);
        foreach (var (tool, toolset) in sets.SelectMany(s => s.Tools.Select(t => (t, s.Toolset))))
        {
            AddTo(toolsets, toolset, tool.Protocol);
            // pluggedin_ tools are plugged.in's own names (Tools/PluggedInTools.cs), kept for drop-in clients.
            if (!(tool.Name.StartsWith("cairn_", StringComparison.Ordinal) || tool.Name.StartsWith("pluggedin_", StringComparison.Ordinal)) || !_tools.TryAdd(tool.Name, tool))
            {
                throw new InvalidOperationException($"MCP tool '{tool.Name}' must be unique and start with 'cairn_' (or 'pluggedin_').");
            }
        }
        _toolsets = toolsets.ToDictionary(t => t.Key, t => t.Value.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    private static void AddTo(Dictionary<string, List<Tool>> toolsets, string toolset, Tool tool)
    {
        if (!toolsets.TryGetValue(toolset, out var list))
        {
            toolsets[toolset] = list = [];
        }
        list.Add(tool);
    }

    public IReadOnlyCollection<string> Toolsets => _toolsets.Keys;

    public IReadOnlyCollection<McpTool> Tools => _tools.Values;

    // A fresh list per call: the result belongs to the SDK once returned; the array stays shared and untouched.
    public ValueTask<ListToolsResult> ListAsync(string? toolsets, CancellationToken cancellationToken)
    {
        var names = string.IsNullOrWhiteSpace(toolsets) ? [DefaultToolset] : toolsets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Where(n => !_toolsets.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new McpProtocolException($"Unknown toolset '{unknown[0]}': toolsets are {string.Join(", ", _toolsets.Keys.Order(StringComparer.Ordinal))}.", McpErrorCode.InvalidParams);
        }
        return ValueTask.FromResult(new ListToolsResult { Tools = [.. names.Distinct().SelectMany(n => _toolsets[n])] });
    }

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
