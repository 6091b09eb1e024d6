using Cairn.Agents;
using ModelContextProtocol.Protocol;

namespace Cairn.Mcp;

// One MCP tool: what a model sees (name, description, input schema, hints) and the service call it makes.
public sealed record McpTool(Tool Protocol, Func<McpToolCall, CancellationToken, Task<object>> InvokeAsync)
{
    // The _meta key that tells a client which toolset a tool belongs to.
    public const string ToolsetMetaKey = "cairn/toolset";

    public string Name => Protocol.Name;

    // The group /mcp?toolsets= selects the tool by: its tool set's Toolset.
    public string Toolset { get; init; } = "";

    // Starts a tool definition; names are cairn_ + feature + action, e.g. cairn_session_open.
    public static McpToolBuilder<NoBody> Define(string name, string title, string description) => new(name, title, description);
}

/// <summary>A feature's tools (experiences, sessions, clipboard, …): one class per feature, found by <see cref="McpExtensions.AddMcp"/>.</summary>
public interface IMcpToolSet
{
    /// <summary>The group its tools are listed under (lower-case letters, digits and '-'); several sets may share one.</summary>
    string Toolset { get; }

    IEnumerable<McpTool> Tools { get; }
}

// One call of a tool by an authenticated agent, with its arguments still as JSON.
public sealed class McpToolCall(Guid agentId, string username, McpArguments arguments)
{
    public Guid AgentId { get; } = agentId;

    public string Username { get; } = username;

    public Caller Caller => new(AgentId, Username);

    public McpArguments Arguments { get; } = arguments;
}
