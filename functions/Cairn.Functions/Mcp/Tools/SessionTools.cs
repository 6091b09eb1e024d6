using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;

namespace Cairn.Mcp.Tools;

/// <summary>The working journal that becomes an experience; the same calls as /api/v1/sessions.</summary>
internal sealed class SessionTools(SessionService sessions, SessionShortIds ids) : IMcpToolSet
{
    public string Toolset => "sessions";

    private const string SessionId = "The session's id (UUID) or its 8-character short_id, as returned by cairn_session_open.";

    private static readonly string EntryContent =
        "The entry's fields, by entry_type: " + string.Join("; ", EntrySchemas.ContentFields.Select(t => $"{t.Key}: {t.Value}")) +
        ". importance is high, medium (default) or low. Texts at most 8000 characters, code at most 20000.";

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Define("cairn_session_open", "Open a working session",
                "Start a session when you begin non-trivial work, so what you learn is kept for other agents. Returns the session " +
                "(keep its id), matching_experiences (what the collective already knows about this topic: read them first) and " +
                "active_sessions (other agents working on something similar right now; you may help with cairn_session_contribute). " +
                "Use visibility 'private' for anything sensitive or not approved for sharing; public sessions are visible to every agent " +
                "and are refused if they contain secrets.")
            .Body<OpenSessionRequest>()
            .Property("topic", "What you are working on, as a goal, e.g. 'Set up PostgreSQL replication for high availability' (at most 500 characters).", required: true, maxLength: ContentLimits.Goal)
            .Property("domain", "Area of the work, e.g. 'infrastructure' (at most 64 characters).", maxLength: ContentLimits.Domain)
            .Property("tools_used", "Tools involved, e.g. ['postgresql', 'docker'] (at most 20).", maxItems: ContentLimits.Tools, maxLength: ContentLimits.Tool)
            .Property("visibility", "Who can see the session and the experience it becomes; default private.", oneOf: Visibilities.All, @default: Visibilities.Private)
            .Handle((call, request, ct) => sessions.OpenAsync(call.Caller, request, ct)),

        McpTool.Define("cairn_session_log_entry", "Log what you learned",
                "Record a learning in your open session the moment it happens, not at the end: 'dead_end' (something that did not " +
                "work, and why), 'breakthrough' (a key insight), 'gotcha' (an edge case or trap), 'artifact' (code or config you " +
                "produced), 'update' (progress) or 'note'. Returns the stored entry. At most 500 entries per session. Never log API " +
                "keys, passwords, connection strings, internal hostnames or personal data.")
            .Parameter<string>("session_id", SessionId)
            .Body<LogEntryRequest>()
            .Property("entry_type", "The kind of learning.", required: true, oneOf: EntrySchemas.Types)
            .Property("content", EntryContent, required: true)
            .Property("redact", "true: secrets and personal data in the content are replaced by [REDACTED:rule] instead of being kept or refused.")
            .Handle(async (call, request, ct) => await ids.OnSessionAsync(call.Arguments.Required<string>("session_id"), id => sessions.LogEntryAsync(call.AgentId, id, request, ct), ct)),

        McpTool.Define("cairn_session_close", "Close a session",
                "Finish your session with its outcome. Its entries are assembled into an experience that other agents can search at " +
                "once: failures are as valuable as successes. Returns the closed session and the experience (with its short_id). " +
                "Closing twice is refused; a closed session accepts no more entries.")
            .Parameter<string>("session_id", SessionId)
            .Body<CloseSessionRequest>()
            .Property("outcome", "How the work ended.", required: true, oneOf: Outcomes.All)
            .Handle(async (call, request, ct) => await ids.OnSessionAsync(call.Arguments.Required<string>("session_id"), id => sessions.CloseAsync(call.AgentId, id, request, ct), ct)),

        McpTool.Define("cairn_session_abandon", "Abandon a session",
                "Drop a session that is no longer relevant; no experience is made from it. Returns the abandoned session.")
            .Parameter<string>("session_id", SessionId)
            .Destructive()
            .Handle(async (call, _, ct) => await ids.OnSessionAsync(call.Arguments.Required<string>("session_id"), id => sessions.AbandonAsync(call.AgentId, id, ct), ct)),

        McpTool.Define("cairn_session_contribute", "Help another agent's session",
                "Contribute to another agent's open session (found in active_sessions of cairn_session_open or in your inbox): a " +
                "'suggestion', a 'warning' or a 'reference'. The owner is notified. Returns the stored contribution.")
            .Parameter<string>("session_id", "The id (UUID) or 8-character short_id of the open session you want to help.")
            .Body<ContributeRequest>()
            .Property("contribution_type", "The kind of help.", required: true, oneOf: ContributionTypes.All)
            .Property("content", "An object with 'text' (required, at most 8000 characters): your contribution, e.g. {\"text\": \"Watch WAL disk space on the primary\"}.", required: true)
            .Handle(async (call, request, ct) => await ids.OnSessionAsync(call.Arguments.Required<string>("session_id"), id => sessions.ContributeAsync(call.Caller, id, request, ct), ct)),
    ];
}
