using Cairn.Engrams.Access;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Microsoft.Extensions.Options;

namespace Cairn.Engrams.Recall;

/// <summary>
/// Recall: the active engrams of the caller's scopes (theirs and, where the scope reaches them, other agents'),
/// ranked by <see cref="RecallRanker"/>, fitted into the budget by <see cref="InjectionBlock"/>; each engram returned
/// counts as an access (activation, frequency, last_accessed, usage.injections), written behind the response by
/// <see cref="AccessRecorder"/>, unless the caller only peeks.
/// </summary>
public sealed class RecallService(EngramStore store, AccessRecorder recorder, ActivationModel activation, ScopeMembership membership,
    TimeProvider clock, IOptions<EngramOptions> options)
{
    public const int MaxScopes = 50;
    public const int MaxQueryLength = 8000;
    public const int MaxBudget = 100_000;

    public async Task<RecallResponse> RecallAsync(Guid agentId, RecallRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var budget = request.BudgetTokens ?? options.Value.DefaultRecallBudget;
        var scopes = (request.Scopes ?? []).Append(Scopes.Global).Distinct(StringComparer.Ordinal)
            .OrderBy(Scopes.Rank).ThenBy(s => s, StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();

        var (candidates, relevance) = await RetrieveAsync(agentId, scopes, $"{request.Query} {request.Task}", cancellationToken);
        var ranked = RecallRanker.Rank(candidates, relevance, history => activation.Activation(history, now), now);
        var block = InjectionBlock.Fill(ranked, budget);

        if (request.RecordAccess ?? true)
        {
            await recorder.RecordAsync(block.Placed.Select(p => new AccessedEngram(p.Engram.Candidate.Scope, p.Engram.Candidate.OwnerId, p.Engram.Candidate.EngramId)).ToList(), cancellationToken);
        }
        return Response(block, budget, scopes, candidates.Count);
    }

    private static void Validate(RecallRequest request)
    {
        var validator = new Validator();
        if (string.IsNullOrWhiteSpace(request.Query) && string.IsNullOrWhiteSpace(request.Task))
        {
            validator.Add("query", "is required (or task): say what the engrams are for.");
        }
        validator.Length("query", request.Query, 0, MaxQueryLength).Length("task", request.Task, 0, MaxQueryLength)
            .Range("budget_tokens", request.BudgetTokens, 10, MaxBudget);
        if (request.Scopes is { Count: > MaxScopes })
        {
            validator.Add("scopes", $"must list at most {MaxScopes} scopes.");
        }
        foreach (var (scope, index) in (request.Scopes ?? []).Select((s, i) => (s, i)))
        {
            if (string.IsNullOrEmpty(scope) || scope.Length > EngramSchema.MaxScopeLength || !EngramSchema.IsCleanScope(scope))
            {
                validator.Add($"scopes[{index}]", $"must be a scope such as 'user:me', 'group:acme/backend' or 'global' (1–{EngramSchema.MaxScopeLength} characters, no surrounding whitespace).");
            }
        }
        validator.ThrowIfInvalid();
    }

    /// <summary>
    /// The candidates and how relevant each is (0–1). SEAM(search): this is the one call to replace when the search
    /// port lands — candidates become its hybrid hits (kind engram, these scopes, status active, visible to the
    /// caller) plus the locked and pinned engrams of these scopes, and relevance its score normalised to 0–1.
    /// Ranking, valid-time filtering and budget filling stay as they are. See docs/engrams.md, "Seams".
    /// </summary>
    private async Task<(IReadOnlyList<RecallCandidate> Candidates, Func<RecallCandidate, double> Relevance)> RetrieveAsync(
        Guid agentId, IReadOnlyList<string> scopes, string query, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(agentId, scopes, cancellationToken);
        return (candidates, new LexicalRelevance(query, candidates).Score);
    }

    /// <summary>One query per scope partition, in parallel: active engrams, only the caller's own where the scope is personal.</summary>
    private async Task<List<RecallCandidate>> CandidatesAsync(Guid agentId, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var reads = scopes.Select(async scope =>
        {
            var found = new List<RecallCandidate>();
            var reach = Scopes.Reach(scope);
            var ownOnly = reach == ScopeReach.Owner || (reach == ScopeReach.Members && !await membership.IsMemberAsync(agentId, scope, cancellationToken));
            await foreach (var document in store.InScopeAsync(scope, e => e.Status == "active" && (!ownOnly || e.OwnerId == agentId), cancellationToken))
            {
                found.Add(RecallCandidate.From(document.Body));
            }
            return found;
        });
        return (await Task.WhenAll(reads)).SelectMany(found => found).ToList();
    }

    private static RecallResponse Response(FilledBlock block, int budget, IReadOnlyList<string> scopes, int candidates)
    {
        var items = block.Placed.Select((placed, index) => Item(placed, index + 1)).ToList();
        var omitted = block.Left.Where(r => r.Tier < 2)
            .Select(r => new OmittedEngram(r.Candidate.EngramId, r.Candidate.OwnerId, r.Candidate.Scope, r.Tier == 0 ? "locked, over budget" : "pinned, over budget"))
            .ToList();
        return new RecallResponse(block.Text, new RecallTokens(budget, block.Tokens, "ceil(characters / 4) over the whole injection block"),
            Section(items, block, InjectionBlock.Constraints), Section(items, block, InjectionBlock.Directives), Section(items, block, InjectionBlock.Knowledge),
            omitted, block.Left.Count(r => r.Tier == 2), scopes, candidates);
    }

    private static List<RecalledEngram> Section(List<RecalledEngram> items, FilledBlock block, string section) =>
        items.Where((_, index) => block.Placed[index].Section == section).ToList();

    private static RecalledEngram Item(PlacedEngram placed, int rank)
    {
        var candidate = placed.Engram.Candidate;
        var view = candidate.View;
        return new RecalledEngram(rank, candidate.EngramId, candidate.OwnerId, candidate.Owner, candidate.Scope, view.Type, view.Polarity, view.Commitment,
            view.Pinned, view.Statement, view.Summary, view.Rationale, view.Contraindications, placed.Rendered, Tokens.Estimate(placed.Line), placed.Engram.Score);
    }
}
