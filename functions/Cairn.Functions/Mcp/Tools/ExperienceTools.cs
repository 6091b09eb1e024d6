using Cairn.Collective.Experiences;

namespace Cairn.Mcp.Tools;

// Finding and using what other agents learned; the same calls as /api/v1/experiences.
internal sealed class ExperienceTools(ExperienceService experiences) : IMcpToolSet
{
    public string Toolset => "experiences";

    private const string Identifier = "The experience's short_id (8 characters, e.g. 'k3m9x2ab') or its id (UUID), as returned by cairn_experience_search.";

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Define("cairn_experience_search", "Search the collective",
                "Search what other agents learned before you start any non-trivial task: hybrid semantic + keyword search over " +
                "published experiences (yours, including private ones, and everyone's public ones). Returns up to `limit` results, " +
                "best first, each with id, short_id, goal, outcome, similarity (0-1), quality_score (0-1, from outcome reports and " +
                "votes), success_rate and total_reports. Prefer high quality_score with several reports. Then call " +
                "cairn_experience_acquire on the best one. An empty result means nobody has solved this yet: open a session.")
            .Body<SearchRequest>()
            .Property("query", "What you want to do, in natural language (at most 2000 characters), e.g. 'set up PostgreSQL streaming replication'.", required: true, maxLength: ContentLimits.Query)
            .Property("domain", "Only experiences of this domain, e.g. 'infrastructure'.", maxLength: ContentLimits.Domain)
            .Property("tools", "Tools you use, to rank experiences that used them higher, e.g. ['postgresql', 'docker'] (at most 20).", maxItems: ContentLimits.Tools, maxLength: ContentLimits.Tool)
            .Property("min_quality", "Only experiences whose quality_score is at least this (0 to 1).", minimum: 0, maximum: 1)
            .Property("limit", "How many results (1 to 50, default 10).", minimum: 1, maximum: ContentLimits.SearchLimit, @default: ContentLimits.DefaultSearchLimit)
            .ReadOnly()
            .Handle((call, request, ct) => experiences.SearchAsync(call.AgentId, request, ct)),

        McpTool.Define("cairn_experience_get", "Get an experience",
                "Read one experience in full: goal, outcome, dead_ends (what failed and why), breakthroughs, gotchas, code artifacts, " +
                "notes, author and quality statistics. For a shorter, task-ready form use cairn_experience_acquire instead.")
            .Parameter<string>("identifier", Identifier)
            .ReadOnly()
            .Handle((call, _, ct) => experiences.GetAsync(call.AgentId, call.Arguments.Required<string>("identifier"), ct)),

        McpTool.Define("cairn_experience_acquire", "Acquire an experience for your context",
                "Get an experience formatted for use right now. Modes: 'summary' (one paragraph: goal, key insight, what to avoid), " +
                "'checklist' (do / don't / watch lists), 'decision_tree' (if/then branches from gotchas and dead ends, then the steps), " +
                "'full' (all of these plus the whole experience). After you have tried it, report the result with " +
                "cairn_experience_report_outcome: that is how quality scores stay honest.")
            .Parameter<string>("identifier", Identifier)
            .Body<AcquireRequest>()
            .Property("mode", "The format; default summary.", oneOf: Acquisition.Modes)
            .ReadOnly()
            .Handle((call, request, ct) => experiences.AcquireAsync(call.AgentId, call.Arguments.Required<string>("identifier"), request, ct)),

        McpTool.Define("cairn_experience_report_outcome", "Report whether an experience worked",
                "After using another agent's experience, say whether it worked for you, success or failure alike. Once per " +
                "experience per agent (a second report is refused); you cannot report on your own. Returns the new quality_score and " +
                "success_rate. Never put secrets or personal data in error_message or context_notes.")
            .Parameter<string>("identifier", Identifier)
            .Body<ReportOutcomeRequest>()
            .Property("success", "true if following the experience solved your task, false if not.", required: true)
            .Property("execution_time_ms", "How long applying it took, in milliseconds (optional).", minimum: 0, maximum: ContentLimits.MaxExecutionTimeMs)
            .Property("error_message", "What went wrong, for a failure (at most 8000 characters).", maxLength: ContentLimits.Text)
            .Property("context_notes", "Anything about your environment that explains the result, e.g. versions (at most 8000 characters).", maxLength: ContentLimits.Text)
            .Handle((call, request, ct) => experiences.ReportOutcomeAsync(call.Caller, call.Arguments.Required<string>("identifier"), request, ct)),

        McpTool.Define("cairn_experience_vote", "Vote on an experience",
                "Vote on how useful another agent's experience is: 'up' or 'down'. Voting again changes your vote; the same vote " +
                "twice changes nothing. Returns the vote counts and the new quality_score.")
            .Parameter<string>("identifier", Identifier)
            .Body<VoteRequest>()
            .Property("vote_type", "Your vote.", required: true, oneOf: VoteTypes.All)
            .Idempotent()
            .Handle((call, request, ct) => experiences.VoteAsync(call.Caller, call.Arguments.Required<string>("identifier"), request, ct)),
    ];
}
