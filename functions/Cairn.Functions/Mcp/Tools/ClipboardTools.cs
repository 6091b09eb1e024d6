using Cairn.Clipboard;

namespace Cairn.Mcp.Tools;

// The persistent clipboard; the same calls as /api/v1/clipboard, with every entry written here marked source: mcp.
internal sealed class ClipboardTools(ClipboardService clipboard, ClipboardStack stack, ClipboardCipher cipher) : IMcpToolSet
{
    public string Toolset => "clipboard";

    private const string Value = "The value: text as-is with encoding utf-8 (default), or binary as base64 or hex; at most 2 MiB once decoded.";
    private const string Ttl = "Seconds until the entry expires (60 to 2592000 = 30 days); default 86400 (24 hours).";
    private const string Visibility = "private (default: only you), public (any agent, by your agent id as owner) or workspace (members of workspace_id).";

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Define("cairn_clipboard_set", "Set a named clipboard entry",
                "Store a value under a name in your persistent clipboard, replacing any entry of that name: state to keep between " +
                "tool calls or conversations, or to hand to another agent. Returns the entry without its value (uuid, size_bytes, " +
                "expires_at, …). Values are encrypted at rest; still, never store credentials.")
            .Body<SetEntryRequest>()
            .Property("name", "The entry's name: 1-128 letters, digits, '_', '-', '.', ':' or '@', starting with a letter or digit, e.g. 'last_search_results'.", required: true)
            .Property("value", Value, required: true)
            .Property("content_type", "MIME type of the value; default text/plain.", oneOf: ClipboardValues.ContentTypes)
            .Property("encoding", "How value is written; default utf-8.", oneOf: ClipboardValues.Encodings)
            .Property("visibility", Visibility, oneOf: ClipboardValues.Visibilities)
            .Property("workspace_id", "The workspace (UUID) to share with; only with visibility workspace.")
            .Property("ttl_seconds", Ttl, minimum: ClipboardValues.MinTtlSeconds, maximum: ClipboardValues.MaxTtlSeconds, @default: ClipboardValues.DefaultTtlSeconds)
            .Property("created_by_tool", "Optional: the tool that produced the value (at most 200 characters).", maxLength: ClipboardValues.MaxProvenanceLength)
            .Property("created_by_model", "Optional: the model that produced the value (at most 200 characters).", maxLength: ClipboardValues.MaxProvenanceLength)
            .Idempotent()
            .Handle(async (call, request, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                return (await clipboard.SetAsync(call.AgentId, request, ClipboardSource.Mcp, ct)).Entry;
            }),

        McpTool.Define("cairn_clipboard_get", "Get a clipboard entry",
                "Read one entry with its value, by name or by stack idx (give exactly one). With owner, read another agent's entry " +
                "that is public or shared with a workspace you both belong to. An expired or invisible entry is reported as not found.")
            .Body<GetEntryRequest>()
            .Property("name", "The entry's name.")
            .Property("idx", "The stack index (1 or more), as returned by cairn_clipboard_push.")
            .Property("owner", "Another agent's id (UUID), to read its shared entry; default you.")
            .ReadOnly()
            .Handle((call, request, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                return clipboard.GetAsync(call.AgentId, request, ct);
            }),

        McpTool.Define("cairn_clipboard_delete", "Delete a clipboard entry",
                "Delete one of your entries, by name or by stack idx (give exactly one). Returns deleted: true; a missing entry is " +
                "reported as not found.")
            .Parameter<string>("name", "The entry's name.", required: false)
            .Parameter<long?>("idx", "The stack index (1 or more).", required: false)
            .Destructive()
            .Handle(async (call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                await clipboard.DeleteAsync(call.AgentId, call.Arguments.Get<string>("name"), call.Arguments.Get<long?>("idx"), ct);
                return new DeletedResponse(true);
            }),

        McpTool.Define("cairn_clipboard_list", "List clipboard entries",
                "List entries newest first, without their values (fetch one with cairn_clipboard_get): name or idx, content_type, " +
                "size_bytes, visibility, source, expires_at. With owner, another agent's entries you may read. Returns entries and " +
                "next_cursor (pass it back as cursor for the next page).")
            .Parameter<Guid?>("owner", "Another agent's id (UUID); default you.", required: false)
            .Parameter<string>("visibility", "Only entries of this visibility.", required: false, oneOf: ClipboardValues.Visibilities)
            .Parameter<int?>("limit", "Entries per page (1 to 100, default 50).", required: false, minimum: 1, maximum: ClipboardService.MaxPageSize, @default: ClipboardService.DefaultPageSize)
            .Parameter<string>("cursor", "next_cursor of the previous page.", required: false)
            .ReadOnly()
            .Handle((call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                var a = call.Arguments;
                return clipboard.ListAsync(call.AgentId, a.Get<Guid?>("owner"), a.Get<string>("visibility"), a.Get<int?>("limit"), a.Get<string>("cursor"), ct);
            }),

        McpTool.Define("cairn_clipboard_push", "Push onto the clipboard stack",
                "Push a value onto your clipboard stack: it gets the next index (idx), never reused. Use it for pipelines: push " +
                "intermediate results, pop them in a later step. Returns the entry without its value, with its idx.")
            .Body<PushEntryRequest>()
            .Property("value", Value, required: true)
            .Property("content_type", "MIME type of the value; default text/plain.", oneOf: ClipboardValues.ContentTypes)
            .Property("encoding", "How value is written; default utf-8.", oneOf: ClipboardValues.Encodings)
            .Property("visibility", Visibility, oneOf: ClipboardValues.Visibilities)
            .Property("workspace_id", "The workspace (UUID) to share with; only with visibility workspace.")
            .Property("ttl_seconds", Ttl, minimum: ClipboardValues.MinTtlSeconds, maximum: ClipboardValues.MaxTtlSeconds, @default: ClipboardValues.DefaultTtlSeconds)
            .Property("created_by_tool", "Optional: the tool that produced the value (at most 200 characters).", maxLength: ClipboardValues.MaxProvenanceLength)
            .Property("created_by_model", "Optional: the model that produced the value (at most 200 characters).", maxLength: ClipboardValues.MaxProvenanceLength)
            .Handle((call, request, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                return stack.PushAsync(call.AgentId, request, ClipboardSource.Mcp, ct);
            }),

        McpTool.Define("cairn_clipboard_pop", "Pop the clipboard stack",
                "Remove and return the newest entry of your stack, with its value. Each entry is popped once, even with concurrent " +
                "pops. An empty stack is reported as stack_empty.")
            .Destructive()
            .Handle((call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                return stack.PopAsync(call.AgentId, ct);
            }),
    ];
}

// What a delete returns over MCP, where the HTTP API answers 204 with no body.
public sealed record DeletedResponse(bool Deleted);
