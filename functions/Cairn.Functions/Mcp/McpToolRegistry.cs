using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cairn.Agents;
using Cairn.Errors;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Cairn.Mcp;

// Every tool of every feature, listed and called by name; each call runs as the agent whose key authenticated the
// request.
public sealed partial class McpToolRegistry
{
    private readonly Dictionary<string, McpTool> _tools;
    private readonly ILogger<McpToolRegistry> _logger;

    public McpToolRegistry(IEnumerable<IMcpToolSet> sets, ILogger<McpToolRegistry> logger)
    {
        _logger = logger;
        _tools = new Dictionary<string, McpTool>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (!ToolsetName().IsMatch(set.Toolset))
            {
                throw new InvalidOperationException($"MCP toolset '{set.Toolset}' of {set.GetType().Name} must be lower-case letters, digits and '-'.");
            }
            foreach (var tool in set.Tools)
            {
                if (!ToolName().IsMatch(tool.Name) || !_tools.TryAdd(tool.Name, Stamp(tool, set.Toolset)))
                {
                    throw new InvalidOperationException($"MCP tool '{tool.Name}' must be unique and snake_case (e.g. cairn_session_open).");
                }
            }
        }
        Toolsets = [.. _tools.Values.Select(t => t.Toolset).Distinct().Order(StringComparer.Ordinal)];
        All = new McpToolSelection(_tools.Values);
        // plugged.in clients call its tool names on a plain /mcp: callable there, listed only when asked for.
        Default = new McpToolSelection(_tools.Values, t => t.Toolset != AliasToolset);
    }

    public IReadOnlyCollection<McpTool> Tools => _tools.Values;

    // The groups /mcp?toolsets= can name, sorted.
    public IReadOnlyList<string> Toolsets { get; }

    // plugged.in's own tool names for Cairn's services: listed only when asked for, as they repeat Cairn's tools.
    public const string AliasToolset = "pluggedin";

    public McpToolSelection All { get; }

    // A connection without ?toolsets=: lists every toolset but AliasToolset, calls any tool.
    public McpToolSelection Default { get; }

    // The tools of the comma-separated toolsets (all: every tool; empty or null: Default); null and an error naming the
    // known toolsets when one is unknown.
    public McpToolSelection? Select(string? toolsets, out string? error)
    {
        error = null;
        var names = (toolsets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            return Default;
        }
        if (names.Contains("all", StringComparer.Ordinal))
        {
            return All;
        }
        var unknown = names.Where(n => !Toolsets.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            error = $"Unknown toolset{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} in ?toolsets=: " +
                $"choose from {string.Join(", ", Toolsets)} (comma-separated), or all.";
            return null;
        }
        return new McpToolSelection(_tools.Values.Where(t => names.Contains(t.Toolset, StringComparer.Ordinal)));
    }

    // A fresh list per call: the result belongs to the SDK once returned; the array stays shared and untouched.
    public ValueTask<ListToolsResult> ListAsync(McpToolSelection selection, RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListToolsResult { Tools = [.. selection.List] });

    public async ValueTask<CallToolResult> CallAsync(McpToolSelection selection, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? "";
        if (!selection.Tools.TryGetValue(name, out var tool))
        {
            // Per the MCP spec an unknown tool is a protocol error, not a tool result.
            var hint = _tools.TryGetValue(name, out var other)
                ? $"Tool '{name}' is in toolset '{other.Toolset}', which this connection's ?toolsets= leaves out."
                : $"Unknown tool '{name}': tools/list names the {selection.Tools.Count} tools offered here.";
            throw new McpProtocolException(hint, McpErrorCode.InvalidParams);
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

    // The toolset goes on the tool and into its _meta, so a client can group tools as the server does.
    private static McpTool Stamp(McpTool tool, string toolset)
    {
        var meta = tool.Protocol.Meta is { } existing ? (JsonObject)existing.DeepClone() : [];
        meta[McpTool.ToolsetMetaKey] = toolset;
        tool.Protocol.Meta = meta;
        return tool with { Toolset = toolset };
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex ToolsetName();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex ToolName();
}

// The tools one request may list and call: every tool, or those of the toolsets it asked for.
public sealed class McpToolSelection
{
    // tools: The tools a connection may call.
    // listed: Which of them tools/list names (all when null).
    public McpToolSelection(IEnumerable<McpTool> tools, Func<McpTool, bool>? listed = null)
    {
        Tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        List = [.. Tools.Values.Where(listed ?? (_ => true)).Select(t => t.Protocol).OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyDictionary<string, McpTool> Tools { get; }

    internal Tool[] List { get; }
}
