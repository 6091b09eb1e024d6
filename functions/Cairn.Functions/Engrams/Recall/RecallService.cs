using Cairn.Engrams.Access;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Microsoft.Extensions.Options;

namespace Cairn.Engrams.Recall;

/// <summary>
/// Recall: the active engrams of the caller's scopes (theirs and, where the scope reaches them, other agents') that
/// the hybrid search finds for the task, with the locked and pinned ones, ranked by <see cref="RecallRanker"/>, fitted into the budget by <see cref="InjectionBlock"/>; each engram returned
/// counts as an access (activation, frequency, last_accessed, usage.injections), written behind the response by
/// <see cref="AccessRecorder"/>, unless the caller only peeks.
/// </summary>
public sealed class RecallService(EngramStore store, EngramIndex index, AccessRecorder recorder, ActivationModel activation, ScopeMembership membership,
    DefaultScopes defaultScopes, SpreadingActivation spreading, TimeProvider clock, IOptions<EngramOptions> options)
{
    public const int MaxScopes = 50;
    public const int MaxQueryLength = 8000;
    public const int MaxBudget = 100_000;

    public async Task<RecallResponse> RecallAsync(Guid agentId, RecallRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var budget = request.BudgetTokens ?? options.Value.DefaultRecallBudget;
        // No scopes named: the caller's own scopes, its workspaces and global (PLUR's recall without a scope context).
        var named = request.Scopes is { Count: > 0 } given ? given : await defaultScopes.ForAsync(agentId, cancellationToken);
        var scopes = named.Append(Scopes.Global).Distinct(StringComparer.Ordinal)
            .OrderBy(Scopes.Rank).ThenBy(s => s, StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();

        var (candidates, relevance) = await RetrieveAsync(agentId, scopes, $"{request.Query} {request.Task}", cancellationToken);
        var ranked = RecallRanker.Rank(candidates, relevance, history => activation.Activation(history, now), now, activation.RetrievalStrength);
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
    /// The candidates and how relevant each is (0–1): the hybrid search's hits that share a word with the task,
    /// read from the store, which is the authority on what they say and whether they are active; and the locked and
    /// pinned engrams of every scope, which recall includes whatever the task; then one hop along their associations.
    /// </summary>
    private async Task<(IReadOnlyList<RecallCandidate> Candidates, Func<RecallCandidate, double> Relevance)> RetrieveAsync(
        Guid agentId, IReadOnlyList<string> scopes, string query, CancellationToken cancellationToken)
    {
        var members = await Task.WhenAll(scopes.Select(scope => membership.IsMemberAsync(agentId, scope, cancellationToken)));
        var shared = scopes.Where((_, i) => members[i]).ToList();
        var ownOnly = scopes.Where((_, i) => !members[i]).ToList();
        // The stored engram has the final word (the index may lag a change of visibility): others' only when shareable.
        var visible = (StoredEngram engram) => engram.Status == EngramStatus.Active
            && (engram.OwnerId == agentId || (engram.IsVisibleTo(agentId) && !ownOnly.Contains(engram.Scope, StringComparer.Ordinal)));

        // The locked and pinned engrams do not depend on the search: they are read while it runs.
        var searched = SearchAndReadAsync(agentId, query, shared, ownOnly, cancellationToken);
        var always = store.AlwaysAsync(scopes, cancellationToken);
        await Task.WhenAll(searched, always);
        var (hits, read) = await searched;
        var words = Lexical.Terms(query);
        var byKey = hits.ToDictionary(hit => (hit.OwnerId, hit.EngramId));
        var found = new Dictionary<(Guid, string), RecallCandidate>();
        var shares = read.Where(engram => EngramIndex.SharesAWord(byKey[(engram.OwnerId, engram.EngramId)], engram.View, words));
        foreach (var engram in shares.Concat(await always).Where(visible))
        {
            found.TryAdd((engram.OwnerId, engram.EngramId), RecallCandidate.From(engram));
        }
        Func<RecallCandidate, double> relevance = candidate => byKey.TryGetValue((candidate.OwnerId, candidate.EngramId), out var hit) ? hit.Relevance : 0;
        return await spreading.SpreadAsync([.. found.Values], relevance, scopes, visible, cancellationToken);
    }

    /// <summary>The search's hits and, in one round trip, what the store holds for them now.</summary>
    private async Task<(IReadOnlyList<EngramHit> Hits, IReadOnlyList<StoredEngram> Read)> SearchAndReadAsync(
        Guid agentId, string query, IReadOnlyList<string> shared, IReadOnlyList<string> ownOnly, CancellationToken cancellationToken)
    {
        var hits = await index.SearchAsync(query, agentId, shared, ownOnly, cancellationToken);
        var read = await store.ReadManyAsync(hits.Select(hit => (hit.Scope, hit.OwnerId, hit.EngramId)), cancellationToken);
        return (hits, read.Select(document => document.Body).ToList());
    }

    private static RecallResponse Response(FilledBlock block, int budget, IReadOnlyList<string> scopes, int candidates)
    {
        var items = block.Placed.Select((placed, index) => Item(placed, index + 1)).ToList();
        var omitted = block.Left.Where(r => r.Tier < 2)
            .Select(r => new OmittedEngram(r.Candidate.EngramId, r.Candidate.OwnerId, r.Candidate.Scope, r.Tier == 0 ? "locked, over budget" : "pinned, over budget"))
            .ToList();
        return new RecallResponse(block.Text, new RecallTokens(budget, block.Tokens, Tokens.Rule + " over the whole injection block"),
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
            view.Pinned, view.Statement, view.Summary, view.Rationale, view.Contraindications, placed.Rendered, Tokens.Estimate(placed.Line), placed.Engram.Score,
            placed.Anchors ? view.Anchors ?? [] : []);
    }
}
