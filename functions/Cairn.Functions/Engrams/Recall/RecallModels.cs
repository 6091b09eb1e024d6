namespace Cairn.Engrams.Recall;

/// <summary>A recall: the task (query and/or task text), the caller's scope context and a token budget.</summary>
public sealed record RecallRequest(string? Query, string? Task, IReadOnlyList<string>? Scopes, int? BudgetTokens, bool? RecordAccess);

/// <summary>
/// The engrams that fit the budget, in three groups as they appear in the injection block (constraints, directives,
/// other knowledge), each in rank order; locked and pinned ones that did not fit; and how many relevant ones did not.
/// </summary>
public sealed record RecallResponse(
    string Injection,
    RecallTokens Tokens,
    IReadOnlyList<RecalledEngram> Constraints,
    IReadOnlyList<RecalledEngram> Directives,
    IReadOnlyList<RecalledEngram> Knowledge,
    IReadOnlyList<OmittedEngram> Omitted,
    int NotFitted,
    IReadOnlyList<string> Scopes,
    int Candidates);

/// <summary>Tokens of the injection block against the budget, counted by <see cref="Engrams.Tokens"/>.</summary>
public sealed record RecallTokens(int Budget, int Used, string Rule);

public sealed record RecalledEngram(
    int Rank,
    string Id,
    Guid OwnerId,
    string Owner,
    string Scope,
    string Type,
    string? Polarity,
    string? Commitment,
    bool Pinned,
    string Statement,
    string? Summary,
    string? Rationale,
    IReadOnlyList<string> Contraindications,
    string Rendered,
    int Tokens,
    RecallScore Score,
    IReadOnlyList<RecallAnchor> Anchors);

/// <summary>The parts of the score (each 0–1) and their weighted total; see <see cref="RecallWeights"/>.</summary>
public sealed record RecallScore(double Total, double Relevance, double Activation, double Feedback, double Scope, double Episodic);

public sealed record OmittedEngram(string Id, Guid OwnerId, string Scope, string Reason);
