using Cairn.Errors;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

// Collective best practices (docs/memory.md, "Collective best practices"): patterns from successful, reinforced
// memories, kept under HMAC ids with hashed contributors, shown only once k distinct agents contributed them, moved by
// confirm/reject feedback and suppressed by repeated rejection.
public sealed class CbpPool(IDocumentStore store, DocumentMutator mutator, MemoryStore memories, MemoryIndex index, IOptions<MemoryOptions> options, TimeProvider clock, ILogger<CbpPool> logger)
{

    public const int MaxQueryLength = 2_000;
    public const int MaxLimit = 20;
    public const int DefaultLimit = 5;

    private readonly MemoryOptions _options = options.Value;
    private readonly CbpHasher? _hasher = CreateHasher(options.Value, logger);

    public bool IsConfigured => _hasher is not null;

    // Contributes the memory's pattern once it qualifies: procedures or practice, reinforced and successful enough.
    public async Task ConsiderAsync(MemoryItem memory, CancellationToken cancellationToken)
    {
        if (_hasher is null || !Qualifies(memory))
        {
            return;
        }
        if (PatternText.Normalize(memory.Essence) is { } pattern)
        {
            await ContributeAsync(memory.AgentId, pattern, cancellationToken);
        }
        await memories.MutateAsync(memory.AgentId, memory.Id, m => m.CbpContributed ? null : m with { CbpContributed = true }, cancellationToken);
    }

    public bool Qualifies(MemoryItem memory) =>
        memory.Ring is Rings.Procedures or Rings.Practice
        && !memory.CbpContributed
        && memory.Reinforcements >= _options.CbpMinReinforcements
        && memory.Outcomes.Success > 0
        && memory.Outcomes.SuccessRate >= _options.CbpMinSuccessRate;

    // Counts one agent towards a normalised pattern (once per agent); the k-th contributor's text is what gets stored.
    public async Task<CbpPattern?> ContributeAsync(Guid agentId, string normalizedPattern, CancellationToken cancellationToken)
    {
        var hasher = RequireHasher();
        var id = hasher.PatternId(normalizedPattern);
        var contributor = hasher.Contributor(agentId);
        var now = clock.GetUtcNow();
        try
        {
            await store.CreateAsync(Containers.MemoryPatterns, id, CbpDocumentIds.Contribution(contributor), new CbpContribution(contributor, now), null, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return null; // this agent was counted already
        }
        var contributors = (int)await store.CountAsync(new DocumentQuery(Containers.MemoryPatterns)
        {
            PartitionKey = id, Filters = [Filter.Eq(CbpContribution.Fields.Kind, CbpContribution.DocumentKind)],
        }, cancellationToken);
        var pattern = await MutatePatternAsync(id, current =>
        {
            var published = contributors >= _options.CbpMinContributors;
            var basis = current ?? new CbpPattern(id, null, 0, 0, 0, false, now, now, null);
            return basis with
            {
                Contributors = Math.Max(basis.Contributors, contributors),
                Text = basis.Text ?? (published ? normalizedPattern : null),
                PublishedAt = basis.PublishedAt ?? (published ? now : null),
                UpdatedAt = now,
            };
        }, cancellationToken);
        await index.IndexPatternAsync(pattern, cancellationToken);
        return pattern;
    }

    public async Task<CbpQueryResponse> QueryAsync(Guid agentId, CbpQueryRequest request, CancellationToken cancellationToken)
    {
        new Validator().Required("query", request.Query).Length("query", request.Query, 0, MaxQueryLength).Range("limit", request.Limit, 1, MaxLimit).ThrowIfInvalid();
        var hasher = RequireHasher();
        var limit = request.Limit ?? DefaultLimit;
        var contributor = hasher.Contributor(agentId);
        // Over-fetch: suppressed, rejected or (after a raise of k) under-contributed patterns drop out below.
        var hits = await index.SearchPatternsAsync(request.Query!, Math.Min(limit * 3, 60), cancellationToken);
        var suggestions = new List<CbpSuggestion>();
        foreach (var (id, score) in hits)
        {
            var pattern = (await ReadPatternAsync(id, cancellationToken))?.Body;
            if (pattern is null || !IsShown(pattern) || pattern.Suppressed)
            {
                continue;
            }
            var mine = await store.ReadAsync<CbpFeedback>(Containers.MemoryPatterns, id, CbpDocumentIds.Feedback(contributor), cancellationToken);
            if (mine?.Body.Verdict == CbpVerdicts.Reject)
            {
                continue; // a rejected suggestion is not made to the same agent again
            }
            suggestions.Add(CbpSuggestion.From(pattern, score * (0.5 + pattern.SuccessRate)));
        }
        var ranked = suggestions.OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Take(limit).ToList();
        return new CbpQueryResponse(ranked, ranked.Count, _options.CbpMinContributors);
    }

    public async Task<CbpFeedbackResponse> FeedbackAsync(Guid agentId, CbpFeedbackRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator().Required("pattern_id", request.PatternId).Required("feedback", request.Feedback).OneOf("feedback", request.Feedback, CbpVerdicts.All);
        if (request.PatternId is not null && !CbpHasher.IsPatternId(request.PatternId))
        {
            v.Add("pattern_id", "must be the 64-character id of a suggested pattern.");
        }
        v.ThrowIfInvalid();
        var contributor = RequireHasher().Contributor(agentId);
        var id = request.PatternId!;
        var pattern = (await ReadPatternAsync(id, cancellationToken))?.Body;
        if (pattern is null || !IsShown(pattern))
        {
            throw new NotFoundException($"Pattern '{id}'");
        }

        var feedbackId = CbpDocumentIds.Feedback(contributor);
        var feedback = new CbpFeedback(contributor, request.Feedback!, clock.GetUtcNow());
        var changed = false;
        await mutator.MutateAsync<CbpFeedback>(Containers.MemoryPatterns, id, feedbackId,
            current => (changed = current?.Body.Verdict != feedback.Verdict) ? feedback : null, cancellationToken);
        if (!changed)
        {
            return CbpFeedbackResponse.From(pattern, feedback.Verdict);
        }
        // The verdicts are counted from the feedback records under the pattern's ETag, so concurrent verdicts never drift.
        var updated = await MutatePatternAsync(id, async (current, ct) =>
        {
            async Task<int> Verdicts(string verdict) => (int)await store.CountAsync(new DocumentQuery(Containers.MemoryPatterns)
            {
                PartitionKey = id, Filters = [Filter.Eq(CbpFeedback.Fields.Kind, CbpFeedback.DocumentKind), Filter.Eq(CbpFeedback.Fields.Verdict, verdict)],
            }, ct);
            var (confirmations, rejections) = (await Verdicts(CbpVerdicts.Confirm), await Verdicts(CbpVerdicts.Reject));
            var counted = current! with { Confirmations = confirmations, Rejections = rejections, UpdatedAt = clock.GetUtcNow() };
            return counted with { Suppressed = counted.Rejections >= _options.CbpSuppressAfterRejections && counted.SuccessRate < 0.5 };
        }, cancellationToken);
        await index.IndexPatternAsync(updated, cancellationToken);
        return CbpFeedbackResponse.From(updated, feedback.Verdict);
    }

    private static CbpHasher? CreateHasher(MemoryOptions options, ILogger logger)
    {
        if (CbpKeys.Load(options.CbpKey) is { } key)
        {
            return new CbpHasher(key);
        }
        logger.LogWarning(CbpKeys.IsUnresolvedReference(options.CbpKey)
            ? "Collective best practices are off: {Section}:CbpKey is an unresolved Key Vault reference (does the secret exist, may the app read it?)."
            : "Collective best practices are off: no {Section}:CbpKey is configured.", MemoryOptions.Section);
        return null;
    }

    private bool IsShown(CbpPattern pattern) => pattern.Text is not null && pattern.Contributors >= _options.CbpMinContributors;

    private Task<Document<CbpPattern>?> ReadPatternAsync(string id, CancellationToken cancellationToken) =>
        store.ReadAsync<CbpPattern>(Containers.MemoryPatterns, id, CbpDocumentIds.Pattern, cancellationToken);

    // Creates or changes the pattern document under its ETag; change gets null when it does not exist yet.
    private Task<CbpPattern> MutatePatternAsync(string id, Func<CbpPattern?, CbpPattern> change, CancellationToken cancellationToken) =>
        MutatePatternAsync(id, (current, _) => ValueTask.FromResult(change(current)), cancellationToken);

    private async Task<CbpPattern> MutatePatternAsync(string id, Func<CbpPattern?, CancellationToken, ValueTask<CbpPattern>> change, CancellationToken cancellationToken) =>
        (await mutator.MutateAsync<CbpPattern>(Containers.MemoryPatterns, id, CbpDocumentIds.Pattern,
            async (current, ct) => await change(current?.Body, ct), cancellationToken))!.Body;

    private CbpHasher RequireHasher() => _hasher ?? throw new NotConfiguredException("cbp_not_configured",
        $"Collective best practices are off: {MemoryOptions.Section}:CbpKey holds no usable key (base64 of 32 bytes; in Azure the memory-cbp-key secret in Key Vault).");
}
