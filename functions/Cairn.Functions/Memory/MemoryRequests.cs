namespace Cairn.Memory;

[Cairn.Errors.CamelCaseAliases]
public sealed record StartMemorySessionRequest(string? Title);

// PUT of a session: a new title, and/or status: "ended" with the agent's own summary, decisions and outcome.
[Cairn.Errors.CamelCaseAliases]
public sealed record UpdateMemorySessionRequest(string? Title, string? Status, string? Summary, List<string>? Decisions, string? Outcome);

[Cairn.Errors.CamelCaseAliases]
public sealed record ObserveRequest(Guid? SessionId, string? Content, string? Type, string? Outcome, string? ToolName);

// Progressive retrieval: layer 1 (default) searches and returns essences or summaries; layer 2 adds each hit's
// timeline; layer 3 returns full content. ids selects memories instead of (or as well as) a query.
[Cairn.Errors.CamelCaseAliases]
public sealed record MemorySearchRequest(string? Query, int? Layer, List<Guid>? Ids, List<string>? Rings, int? Limit, string? Detail);

// Input limits of memory, in characters unless stated.
public static class MemoryLimits
{
    public const int Title = 500;
    public const int Content = 8_000;
    public const int ToolName = 64;
    public const int Query = 2_000;
    public const int Summary = 4_000;
    public const int Decision = 500;
    public const int Decisions = 20;
    public const int ObservationsPerSession = 500;
    public const int Ids = 20;
    public const int SearchLimit = 50;
}
