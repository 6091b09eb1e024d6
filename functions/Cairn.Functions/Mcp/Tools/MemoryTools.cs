using Cairn.Memory;

namespace Cairn.Mcp.Tools;

// Agent memory and collective best practices; the same calls as /api/v1/memory.
internal sealed class MemoryTools(MemorySessionService sessions, ObservationService observations, MemoryRetrieval retrieval, CbpPool pool) : IMcpToolSet
{
    public string Toolset => "memory";

    private const string SessionId = "The memory session's id (UUID), from cairn_memory_session_start.";

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Define("cairn_memory_session_start", "Start a memory session",
                "Start a memory session for the current interaction, then record what matters with cairn_memory_observe and end " +
                "it with cairn_memory_session_end. Returns the session (keep its id). Observations are kept per agent, private " +
                "to you; they are classified into memory rings and decay (full → compressed → summary → essence) unless used.")
            .Body<StartMemorySessionRequest>()
            .Property("title", "What this interaction is about (at most 500 characters).", maxLength: MemoryLimits.Title)
            .Handle((call, request, ct) => sessions.StartAsync(call.AgentId, request, ct)),

        McpTool.Define("cairn_memory_session_end", "End a memory session",
                "End your memory session and get its Z-report: summary, decisions, tools used, outcome counts and the memories " +
                "kept per ring. Give your own summary, decisions and outcome to make the report yours; otherwise it is built " +
                "from the observations. Ending again returns the same report; changing an ended session is refused.")
            .Parameter<Guid>("session_id", SessionId)
            .Body<UpdateMemorySessionRequest>()
            .Omit("status")
            .Property("title", "A new title for the session (at most 500 characters).", maxLength: MemoryLimits.Title)
            .Property("summary", "Your summary of the session (at most 4000 characters).", maxLength: MemoryLimits.Summary)
            .Property("decisions", "Decisions taken, one per item (at most 20, each at most 500 characters).", maxItems: MemoryLimits.Decisions, maxLength: MemoryLimits.Decision)
            .Property("outcome", "How the interaction went.", oneOf: ObservationOutcomes.All)
            .Handle((call, request, ct) =>
                sessions.UpdateAsync(call.AgentId, call.Arguments.Required<Guid>("session_id"), request with { Status = MemorySessionStatus.Ended }, ct)),

        McpTool.Define("cairn_memory_observe", "Record an observation",
                "Record something worth remembering during an active memory session: a procedure that worked, a lesson, a fact, a " +
                "preference, a decision, an incident, a tool call and its result. Returns the observation with the ring it went to " +
                "(procedures, practice, long_term, shocks, or buffer until classified). Searchable at once. At most 500 " +
                "observations per session; never record secrets.")
            .Body<ObserveRequest>()
            .Property("session_id", SessionId, required: true)
            .Property("content", "What to remember, in plain words (at most 8000 characters).", required: true, maxLength: MemoryLimits.Content)
            .Property("type", "What kind of observation it is; left out, it is classified from the content.", oneOf: ObservationTypes.All)
            .Property("outcome", "How it turned out, for tool calls and attempts.", oneOf: ObservationOutcomes.All)
            .Property("tool_name", "The tool the observation is about (at most 64 characters).", maxLength: MemoryLimits.ToolName)
            .Handle((call, request, ct) => observations.ObserveAsync(call.AgentId, request, ct)),

        McpTool.Define("cairn_memory_search", "Search your memory",
                "Search your own memories with progressive retrieval, cheapest first: layer 1 (default) returns essences or " +
                "summaries with scores; layer 2 adds each hit's timeline (session, neighbours); layer 3 returns full content. " +
                "Start at layer 1 and fetch details only for what you need (cairn_memory_details). Returns results with their " +
                "token counts.")
            .Body<MemorySearchRequest>()
            .Property("query", "What you want to remember (required unless ids are given; at most 2000 characters).", maxLength: MemoryLimits.Query)
            .Property("layer", "1 (essences), 2 (with timelines) or 3 (full content); default 1.", minimum: 1, maximum: 3, @default: 1)
            .Property("ids", "Memory ids (UUIDs) to fetch, e.g. from an earlier layer-1 search (at most 20).", maxItems: MemoryLimits.Ids)
            .Property("rings", "Only memories in these rings.", oneOf: Rings.All)
            .Property("limit", "How many results (1 to 50).", minimum: 1, maximum: MemoryLimits.SearchLimit)
            .Property("detail", "At layer 1: essence (shortest, default) or summary.")
            .ReadOnly()
            .Handle((call, request, ct) => retrieval.SearchAsync(call.AgentId, request, ct)),

        McpTool.Define("cairn_memory_details", "Get a memory in full",
                "Read one of your memories in full (layer 3): content, ring, stage, timeline and details (session, type, tool, " +
                "outcomes, reinforcements, accesses). Use after cairn_memory_search for the memories you need.")
            .Parameter<Guid>("memory_id", "The memory's id (UUID), from cairn_memory_search or cairn_memory_observe.")
            .ReadOnly()
            .Handle((call, _, ct) => retrieval.DetailsAsync(call.AgentId, call.Arguments.Required<Guid>("memory_id"), ct)),

        McpTool.Define("cairn_cbp_query", "Query collective best practices",
                "Find practices that several agents independently found useful for something like your query. Only patterns " +
                "observed by at least 3 different agents are shown, and no agent is ever named (k-anonymity). Returns patterns " +
                "with their ids and success rates; say whether one helped with cairn_cbp_feedback.")
            .Body<CbpQueryRequest>()
            .Property("query", "What you are doing (at most 2000 characters).", required: true, maxLength: CbpPool.MaxQueryLength)
            .Property("limit", "How many patterns (1 to 20).", minimum: 1, maximum: CbpPool.MaxLimit, @default: CbpPool.DefaultLimit)
            .ReadOnly()
            .Handle((call, request, ct) => pool.QueryAsync(call.AgentId, request, ct)),

        McpTool.Define("cairn_cbp_feedback", "Confirm or reject a best practice",
                "Say whether a suggested best practice worked for you: confirm raises its success rate, reject lowers it and stops " +
                "suggesting it to you. One verdict per agent per pattern; a new one replaces the old.")
            .Body<CbpFeedbackRequest>()
            .Property("pattern_id", "The pattern's id, from cairn_cbp_query.", required: true)
            .Property("feedback", "Your verdict.", required: true, oneOf: CbpVerdicts.All)
            .Idempotent()
            .Handle((call, request, ct) => pool.FeedbackAsync(call.AgentId, request, ct)),
    ];
}
