namespace Cairn.Engrams.Recall;

/// <summary>An active engram that recall may return, as read from its scope partition.</summary>
public sealed record RecallCandidate(string EngramId, Guid OwnerId, string Owner, string Scope, string StatementHash, RecallView View, AccessHistory Access)
{
    public static RecallCandidate From(StoredEngram stored) =>
        new(stored.EngramId, stored.OwnerId, stored.Owner, stored.Scope, stored.StatementHash, stored.View, stored.Access);
}

/// <summary>A candidate with its tier (0 locked, 1 pinned, 2 the rest) and score.</summary>
public sealed record RankedEngram(RecallCandidate Candidate, int Tier, RecallScore Score);

/// <summary>
/// score = 0.55 relevance + 0.20 σ(A(now)) + 0.10 feedback + 0.10 scope specificity + 0.05 episodic, where feedback
/// is (positive + 1) / (positive + negative + 2), specificity 1 − narrowness rank / 5 (user 1 … global 0) and episodic
/// (emotional_weight + confidence − 2) / 18. Relevance leads; the rest orders engrams that are about equally relevant.
/// </summary>
public static class RecallWeights
{
    public const double Relevance = 0.55;
    public const double Activation = 0.20;
    public const double Feedback = 0.10;
    public const double Scope = 0.10;
    public const double Episodic = 0.05;
}

/// <summary>
/// Orders recall candidates, purely: drops what is outside its valid time; keeps what is relevant (relevance &gt; 0)
/// unless it is locked or pinned, which always stay; keeps one engram per statement (the best-scoring owner's);
/// sorts locked first, then pinned, then the rest, each by score, then narrowest scope, then id.
/// </summary>
public static class RecallRanker
{
    public static IReadOnlyList<RankedEngram> Rank(
        IReadOnlyList<RecallCandidate> candidates, Func<RecallCandidate, double> relevance, Func<AccessHistory, double> activation, DateTimeOffset now,
        Func<double, double, double>? strength = null)
    {
        // Without a model (pure tests), no storage floor: σ(A) alone.
        strength ??= (a, _) => ActivationModel.RetrievalStrength(a);
        var ranked = new List<RankedEngram>();
        foreach (var candidate in candidates)
        {
            var view = candidate.View;
            if (view.ValidFrom > now || view.ValidUntil < now)
            {
                continue;
            }
            var tier = view.Locked ? 0 : view.Pinned ? 1 : 2;
            var relevant = relevance(candidate);
            if (tier == 2 && relevant <= 0)
            {
                continue;
            }
            ranked.Add(new RankedEngram(candidate, tier, Score(relevant, strength(activation(candidate.Access), view.StorageStrength), view.Positive, view.Negative, candidate.Scope,
                view.Episodic ?? EpisodicWeight.Default)));
        }
        return ranked
            .OrderBy(r => r.Tier)
            .ThenByDescending(r => r.Score.Total)
            .ThenBy(r => Scopes.Rank(r.Candidate.Scope))
            .ThenBy(r => r.Candidate.EngramId, StringComparer.Ordinal)
            .ThenBy(r => r.Candidate.OwnerId)
            .DistinctBy(r => r.Candidate.StatementHash)
            .ToList();
    }

    /// <summary>The score from its parts; <paramref name="strength"/> is the retrieval strength, σ(A) with its storage floor.</summary>
    public static RecallScore Score(double relevance, double strength, long positive, long negative, string scope, EpisodicWeight episodic)
    {
        var feedback = (positive + 1.0) / (positive + negative + 2.0);
        var specificity = 1.0 - Scopes.Rank(scope) / (double)Scopes.Broadest;
        var total = RecallWeights.Relevance * relevance + RecallWeights.Activation * strength + RecallWeights.Feedback * feedback
            + RecallWeights.Scope * specificity + RecallWeights.Episodic * episodic.Factor;
        return new RecallScore(Math.Round(total, 6), Math.Round(relevance, 6), Math.Round(strength, 6), Math.Round(feedback, 6), Math.Round(specificity, 6),
            Math.Round(episodic.Factor, 6));
    }
}
