using Cairn.Clipboard;
using Cairn.Errors;
using Cairn.Memory;

namespace Cairn.Mcp.Tools;

// plugged.in's thirteen memory and clipboard tools, under its names and with its argument names (camelCase on the
// clipboard, snake_case on memory), over the same services as Cairn's own tools: a client written for plugged.in works
// against Cairn unchanged. Listed with POST /mcp?toolsets=pluggedin.
internal sealed class PluggedInTools(
    MemorySessionService sessions, ObservationService observations, MemoryRetrieval retrieval, CbpPool pool,
    ClipboardService clipboard, ClipboardStack stack, ClipboardCipher cipher) : IMcpToolSet
{
    public string Toolset => "pluggedin";

    // plugged.in's observation types, mapped onto Cairn's hints (Cairn's own names are accepted as well).
    internal static readonly IReadOnlyDictionary<string, string> ObservationTypeMap = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["error_pattern"] = "error", ["failure_pattern"] = "lesson", ["success_pattern"] = "practice", ["user_preference"] = "preference",
        ["workflow_step"] = "procedure", ["tool_result"] = "tool_call",
    };

    private const string Value = "The content to store; at most 2 MiB once decoded.";
    private const string Ttl = "Time-to-live in seconds (60 to 2592000); default 86400 (24 hours).";

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Define("pluggedin_memory_session_start", "Start a memory session", "Start a memory session for the current interaction, then record observations and end it. Returns the session; its id is the memory_session_id the other tools take.")
            .Parameter<string>("content_session_id", "Your own id for this conversation; kept as the session's title.", required: false)
            .Parameter<string>("title", "What this interaction is about (at most 500 characters).", required: false)
            .Handle((call, _, ct) => sessions.StartAsync(call.AgentId,
                new StartMemorySessionRequest(call.Arguments.Get<string>("title") ?? call.Arguments.Get<string>("content_session_id")), ct)),

        McpTool.Define("pluggedin_memory_session_end", "End a memory session", "End the memory session and generate its Z-report: summary, decisions, tools used, outcome counts and the memories kept. Ending twice returns the same report.")
            .Parameter<Guid>("memory_session_id", "The session's id, from pluggedin_memory_session_start.")
            .Parameter<string>("summary", "Your summary of the session (at most 4000 characters).", required: false)
            .Parameter<List<string>>("decisions", "Decisions taken (at most 20).", required: false)
            .Parameter<string>("outcome", "How the interaction went.", required: false, oneOf: ObservationOutcomes.All)
            .Handle((call, _, ct) => sessions.UpdateAsync(call.AgentId, call.Arguments.Required<Guid>("memory_session_id"),
                new UpdateMemorySessionRequest(null, MemorySessionStatus.Ended, call.Arguments.Get<string>("summary"),
                    call.Arguments.Get<List<string>>("decisions"), call.Arguments.Get<string>("outcome")), ct)),

        McpTool.Define("pluggedin_memory_observe", "Record an observation", "Record an observation during an active memory session: an error and its fix, a success pattern, a preference, a decision, an insight. At most 500 per session; never record secrets.")
            .Parameter<Guid>("session_uuid", "The memory session's id.")
            .Parameter<string>("content", "What to remember (at most 8000 characters).")
            .Parameter<string>("type", "The observation type.", required: false, oneOf: [.. ObservationTypeMap.Keys, .. ObservationTypes.All])
            .Parameter<string>("outcome", "How it turned out.", required: false, oneOf: ObservationOutcomes.All)
            .Parameter<string>("tool_name", "The tool the observation is about.", required: false)
            .Handle((call, _, ct) =>
            {
                var a = call.Arguments;
                var type = a.Get<string>("type");
                return observations.ObserveAsync(call.AgentId, new ObserveRequest(a.Required<Guid>("session_uuid"), a.Get<string>("content"),
                    type is not null && ObservationTypeMap.TryGetValue(type, out var mapped) ? mapped : type, a.Get<string>("outcome"), a.Get<string>("tool_name")), ct);
            }),

        McpTool.Define("pluggedin_memory_search", "Search memories", "Search your own memories with progressive layer-1 retrieval: essences or summaries of 50-150 tokens each, with ids for pluggedin_memory_details.")
            .Parameter<string>("query", "What you want to remember.")
            .Parameter<int?>("limit", "How many results (1 to 50).", required: false)
            .ReadOnly()
            .Handle((call, _, ct) => retrieval.SearchAsync(call.AgentId,
                new MemorySearchRequest(call.Arguments.Required<string>("query"), 1, null, null, call.Arguments.Get<int?>("limit"), null), ct)),

        McpTool.Define("pluggedin_memory_details", "Get memory details", "Get the full content (layer 3) of the memories you name, with their timeline and details. Use after pluggedin_memory_search, only for what you need.")
            .Parameter<List<Guid>>("memory_uuids", "Memory ids from pluggedin_memory_search (at most 20).")
            .ReadOnly()
            .Handle((call, _, ct) => retrieval.SearchAsync(call.AgentId,
                new MemorySearchRequest(null, 3, call.Arguments.Required<List<Guid>>("memory_uuids"), null, null, null), ct)),

        McpTool.Define("pluggedin_cbp_query", "Query collective best practices", "Query collective best practices: patterns at least 3 agents found independently, never naming who (k-anonymity). Returns pattern ids and success rates.")
            .Parameter<string>("query", "What you are doing.")
            .Parameter<int?>("limit", "How many patterns (1 to 20).", required: false)
            .ReadOnly()
            .Handle((call, _, ct) => pool.QueryAsync(call.AgentId, new CbpQueryRequest(call.Arguments.Required<string>("query"), call.Arguments.Get<int?>("limit")), ct)),

        McpTool.Define("pluggedin_cbp_feedback", "Rate a best practice", "Say whether a suggested best practice helped: feedback_type helpful (or a rating of 3 or more) confirms it, unhelpful (or a lower rating) rejects it.")
            .Parameter<string>("pattern_uuid", "The pattern's id, from pluggedin_cbp_query.")
            .Parameter<int?>("rating", "1 to 5.", required: false)
            .Parameter<string>("feedback_type", "helpful or unhelpful (also confirm or reject).", required: false, oneOf: ["helpful", "unhelpful", CbpVerdicts.Confirm, CbpVerdicts.Reject])
            .Idempotent()
            .Handle((call, _, ct) => pool.FeedbackAsync(call.AgentId,
                new CbpFeedbackRequest(call.Arguments.Required<string>("pattern_uuid"), Verdict(call.Arguments.Get<string>("feedback_type"), call.Arguments.Get<int?>("rating"))), ct)),

        McpTool.Define("pluggedin_clipboard_set", "Set a clipboard entry", "Set or replace a named entry in your persistent clipboard, to keep state between tool calls. Values up to 2 MB, 24 hours by default, encrypted at rest.")
            .Parameter<string>("name", "Named key, e.g. 'customer_context'.")
            .Parameter<string>("value", Value).Parameter<string>("contentType", "MIME type; default text/plain.", required: false, oneOf: ClipboardValues.ContentTypes)
            .Parameter<string>("encoding", "utf-8 (default), base64 or hex.", required: false, oneOf: ClipboardValues.Encodings)
            .Parameter<string>("visibility", "private (default), workspace or public.", required: false, oneOf: ClipboardValues.Visibilities)
            .Parameter<Guid?>("workspaceId", "The workspace to share with (visibility workspace).", required: false)
            .Parameter<string>("createdByTool", "Tool that created the entry.", required: false).Parameter<string>("createdByModel", "Model that created the entry.", required: false)
            .Parameter<int?>("ttlSeconds", Ttl, required: false)
            .Idempotent()
            .Handle(async (call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                var a = call.Arguments;
                return (await clipboard.SetAsync(call.AgentId, new SetEntryRequest(a.Get<string>("name"), a.Get<string>("value"), a.Get<string>("contentType"),
                    a.Get<string>("encoding"), a.Get<string>("visibility"), a.Get<Guid?>("workspaceId"), a.Get<int?>("ttlSeconds"),
                    a.Get<string>("createdByTool"), a.Get<string>("createdByModel")), ClipboardSource.Mcp, ct)).Entry;
            }),

        McpTool.Define("pluggedin_clipboard_get", "Get clipboard entries", "Get one clipboard entry by name or idx, with its value; without either, a page of your entries (limit, offset, contentType filter) without values.")
            .Parameter<string>("name", "Entry name.", required: false).Parameter<long?>("idx", "Stack index.", required: false)
            .Parameter<string>("contentType", "Only entries of this MIME type (listing).", required: false)
            .Parameter<int?>("limit", "Entries per page (1 to 100, default 50).", required: false).Parameter<int?>("offset", "Entries to skip (default 0).", required: false)
            .ReadOnly()
            .Handle(async (call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                var a = call.Arguments;
                return a.Get<string>("name") is null && a.Get<long?>("idx") is null
                    ? await PluggedInClipboard.PageAsync(clipboard, call.AgentId, a, ct)
                    : (object)await clipboard.GetAsync(call.AgentId, new GetEntryRequest(a.Get<string>("name"), a.Get<long?>("idx"), null), ct);
            }),

        McpTool.Define("pluggedin_clipboard_delete", "Delete clipboard entries", "Delete one of your clipboard entries by name or idx, or every entry of yours with clearAll. Returns how many were deleted; a missing entry is not found.")
            .Parameter<string>("name", "Entry name.", required: false).Parameter<long?>("idx", "Stack index.", required: false)
            .Parameter<bool?>("clearAll", "Delete every entry of yours.", required: false)
            .Destructive()
            .Handle(async (call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                return await PluggedInClipboard.DeleteAsync(clipboard, call.AgentId, call.Arguments, ct);
            }),

        McpTool.Define("pluggedin_clipboard_list", "List clipboard entries", "List your clipboard entries newest first, without their values: name or idx, contentType, size, visibility, source and expiry. Paged by limit and offset.")
            .Parameter<string>("contentType", "Only entries of this MIME type.", required: false)
            .Parameter<int?>("limit", "Entries per page (1 to 100, default 50).", required: false).Parameter<int?>("offset", "Entries to skip (default 0).", required: false)
            .ReadOnly()
            .Handle(async (call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                return await PluggedInClipboard.PageAsync(clipboard, call.AgentId, call.Arguments, ct);
            }),

        McpTool.Define("pluggedin_clipboard_push", "Push to the clipboard stack", "Push a value onto your clipboard stack at the next index (never reused), for pipelines: push intermediate results, pop them in a later step.")
            .Parameter<string>("value", Value).Parameter<string>("contentType", "MIME type; default text/plain.", required: false, oneOf: ClipboardValues.ContentTypes)
            .Parameter<string>("encoding", "utf-8 (default), base64 or hex.", required: false, oneOf: ClipboardValues.Encodings)
            .Parameter<string>("visibility", "private (default), workspace or public.", required: false, oneOf: ClipboardValues.Visibilities)
            .Parameter<Guid?>("workspaceId", "The workspace to share with (visibility workspace).", required: false)
            .Parameter<string>("createdByTool", "Tool that created the entry.", required: false).Parameter<string>("createdByModel", "Model that created the entry.", required: false)
            .Parameter<int?>("ttlSeconds", Ttl, required: false)
            .Handle((call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                var a = call.Arguments;
                return stack.PushAsync(call.AgentId, new PushEntryRequest(a.Get<string>("value"), a.Get<string>("contentType"), a.Get<string>("encoding"),
                    a.Get<string>("visibility"), a.Get<Guid?>("workspaceId"), a.Get<int?>("ttlSeconds"), a.Get<string>("createdByTool"), a.Get<string>("createdByModel")),
                    ClipboardSource.Mcp, ct);
            }),

        McpTool.Define("pluggedin_clipboard_pop", "Pop the clipboard stack", "Pop the clipboard stack: remove and return the newest (highest-indexed) entry with its value. An empty stack is reported as stack_empty.")
            .Destructive()
            .Handle((call, _, ct) =>
            {
                ClipboardEndpoints.RequireKeys(cipher);
                return stack.PopAsync(call.AgentId, ct);
            }),
    ];

    internal static string? Verdict(string? feedbackType, int? rating) => feedbackType switch
    {
        "helpful" or CbpVerdicts.Confirm => CbpVerdicts.Confirm,
        "unhelpful" or CbpVerdicts.Reject => CbpVerdicts.Reject,
        null when rating is { } r => r is < 1 or > 5 ? throw ApiProblem.Validation("rating", "must be between 1 and 5.") : r >= 3 ? CbpVerdicts.Confirm : CbpVerdicts.Reject,
        _ => feedbackType,
    };
}
