using Cairn.Agents;
using ModelContextProtocol.Protocol;

namespace Cairn.Mcp;

/// <summary>One MCP tool: what a model sees (name, description, input schema, hints) and the service call it makes.</summary>
public sealed record McpTool(Tool Protocol, Func<McpToolCall, CancellationToken, Task<object>> InvokeAsync)
{
    public string Name => Protocol.Name;

    /// <summary>Starts a tool definition; names are <c>cairn_</c> + feature + action, e.g. <c>cairn_session_open</c>.</summary>
    public static McpToolBuilder<NoBody> Define(string name, string title, string description) => new(name, title, description);
}

/// <summary>A feature's tools (experiences, sessions, clipboard, …): one class per feature, found by <see cref="McpExtensions.AddMcp"/>.</summary>
public interface IMcpToolSet
{
    IEnumerable<McpTool> Tools { get; }

    /// <summary>The group <c>POST /mcp?toolsets=…</c> selects it by; without the parameter only <c>cairn</c> is listed.</summary>
    string Toolset => McpToolRegistry.DefaultToolset;
}

/// <summary>One call of a tool by an authenticated agent, with its arguments still as JSON.</summary>
public sealed class McpToolCall(Guid agentId, string username, McpArguments arguments)
{
    public Guid AgentId { get; } = agentId;

    public string Username { get; } = username;

    public Caller Caller => new(AgentId, Username);

    public McpArguments Arguments { get; } = arguments;
}
