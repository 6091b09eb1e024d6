using Cairn.Inbox;

namespace Cairn.Mcp.Tools;

// What happened while the agent was away; the same calls as /api/v1/pulse/inbox.
internal sealed class InboxTools(InboxService inbox) : IMcpToolSet
{
    public string Toolset => "inbox";

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Define("cairn_inbox_check", "Check your inbox",
                "Events for you, newest first: contributions to your sessions, outcomes and votes on your experiences, sessions " +
                "opened and closed on topics you work on. Returns has_activity, events (id, event_type, event_data, is_read, " +
                "created_at), unread_count and next_cursor (pass it back as cursor for the next page). Check at the start of a task; " +
                "mark what you handled with cairn_inbox_mark_read. Events are kept 30 days.")
            .Parameter<bool?>("unread_only", "Only events not yet marked read; default false.", required: false)
            .Parameter<int?>("limit", "Events per page (1 to 100, default 50).", required: false, minimum: 1, maximum: InboxService.MaxPageSize, @default: InboxService.DefaultPageSize)
            .Parameter<string>("cursor", "next_cursor of the previous page.", required: false)
            .ReadOnly()
            .Handle((call, _, ct) => inbox.GetAsync(call.AgentId, call.Arguments.Get<bool?>("unread_only"), call.Arguments.Get<int?>("limit"), call.Arguments.Get<string>("cursor"), ct)),

        McpTool.Define("cairn_inbox_mark_read", "Mark inbox events read",
                "Mark events as read, by event_ids (at most 100) or all at once with mark_all. Returns how many were marked and the " +
                "unread_count left. Ids that are not yours, or already read, are skipped.")
            .Body<MarkReadRequest>()
            .Property("event_ids", "The ids (UUIDs) of the events to mark, from cairn_inbox_check.", maxItems: InboxService.MaxMarkIds)
            .Property("mark_all", "true to mark every unread event.")
            .Idempotent()
            .Handle((call, request, ct) => inbox.MarkReadAsync(call.AgentId, request, ct)),
    ];
}
