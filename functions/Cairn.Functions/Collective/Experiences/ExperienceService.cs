using System.Security.Cryptography;
using Cairn.Agents;
using Cairn.Collective.Sessions;
using Cairn.Errors;
using Cairn.Inbox;
using Cairn.Safety;
using Cairn.Serialization;
using Cairn.Storage;

namespace Cairn.Collective.Experiences;

public sealed class ExperienceService(IDocumentStore store, DocumentMutator mutator, ExperienceCounters counters, CollectiveIndex index, CollectiveEvents events, TimeProvider clock)
{
    public async Task<ExperienceResponse> CreateAsync(Caller caller, CreateExperienceRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator()
            .Required("goal", request.Goal).Length("goal", request.Goal?.Trim(), 0, ContentLimits.Goal).Label("goal", request.Goal?.Trim())
            .OneOf("outcome", request.Outcome, Outcomes.All)
            .OneOf("visibility", request.Visibility, Visibilities.All)
            .CheckDomainAndTools(request.Domain, request.ToolsUsed);
        var content = ExperienceInput.Validate(v, request);
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var experience = new Experience(Guid.CreateVersion7(now), "", caller.Id, caller.Username, null, request.Goal!.Trim(),
            ContentLimits.NormalizeDomain(request.Domain), ContentLimits.NormalizeTools(request.ToolsUsed), request.Outcome ?? Outcomes.Success,
            ExperienceStatus.Draft, request.Visibility ?? Visibilities.Public, content, new ExperienceStats(), now, now, null);
        ScanIfPublic(experience);
        if (experience.IsPublic)
        {
            // Stored in lower case: the values as sent keep the case some token prefixes need.
            ContentScanner.ThrowIfSensitive(ContentScanner.Scan("domain", request.Domain).Concat(ContentScanner.Scan("tools_used", request.ToolsUsed?.OfType<string>())));
        }
        return ExperienceResponse.From(await StoreNewAsync(experience, cancellationToken));
    }

    /// <summary>Assembles the experience of a closing session. Idempotent: the experience id is the session id.</summary>
    public async Task<Experience> PublishFromSessionAsync(Session session, IReadOnlyList<SessionEntry> entries, string outcome, CancellationToken cancellationToken)
    {
        var existing = await store.ReadAsync<Experience>(Containers.Experiences, session.Id.ToString(), session.Id.ToString(), cancellationToken);
        if (existing is not null)
        {
            return existing.Body;
        }
        var now = clock.GetUtcNow();
        var experience = new Experience(session.Id, "", session.OwnerId, session.OwnerUsername, session.Id, session.Topic, session.Domain,
            session.ToolsUsed, outcome, ExperienceStatus.Published, session.Visibility, Assemble(entries), new ExperienceStats(), now, now, now);
        // The entries passed the scan as they were logged; the assembled whole passes it again before anyone can read it.
        ScanIfPublic(experience);
        var stored = await StoreNewAsync(experience, cancellationToken);
        await index.IndexExperienceAsync(stored, cancellationToken);
        return stored;
    }

    public async Task<ExperienceResponse> PublishAsync(Guid agentId, string identifier, CancellationToken cancellationToken)
    {
        var published = await MutateAsync(identifier, agentId, experience =>
        {
            if (experience.OwnerId != agentId)
            {
                throw new ForbiddenException("Only the author can publish this experience.");
            }
            if (experience.Status == ExperienceStatus.Published)
            {
                return null;
            }
            ScanIfPublic(experience);
            return experience with { Status = ExperienceStatus.Published, PublishedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() };
        }, cancellationToken);
        await index.IndexExperienceAsync(published, cancellationToken);
        await events.ExperiencePublishedAsync(published, cancellationToken);
        return ExperienceResponse.From(published);
    }

    public async Task<ExperienceResponse> GetAsync(Guid? viewer, string identifier, CancellationToken cancellationToken) =>
        (await GetVersionedAsync(viewer, identifier, cancellationToken)).Experience;

    /// <summary>The experience with its document's ETag (it changes with every report, vote or publish).</summary>
    public async Task<(ExperienceResponse Experience, string ETag)> GetVersionedAsync(Guid? viewer, string identifier, CancellationToken cancellationToken)
    {
        var document = await ReadVisibleAsync(viewer, identifier, cancellationToken);
        return (ExperienceResponse.From(document.Body), document.ETag);
    }

    public async Task<ExperienceListResponse> ListAsync(Guid? viewer, int? limit, string? domain, string? status, string? cursor, CancellationToken cancellationToken)
    {
        new Validator().Range("limit", limit, 1, 100).OneOf("status", status, ExperienceStatus.All).Length("domain", domain, 0, ContentLimits.Domain).ThrowIfInvalid();
        var filters = new List<Filter> { Filter.Eq(Experience.Fields.Kind, Experience.DocumentKind) };
        if (status == ExperienceStatus.Draft)
        {
            // Drafts are visible to their author only.
            filters.Add(Filter.Eq(Experience.Fields.OwnerId, viewer ?? throw new NotAuthenticatedException("Listing drafts needs an API key: they are visible to their author only.")));
            filters.Add(Filter.Eq(Experience.Fields.Status, ExperienceStatus.Draft));
        }
        else
        {
            filters.Add(Filter.Eq(Experience.Fields.Status, ExperienceStatus.Published));
            filters.Add(Filter.Eq(Experience.Fields.Visibility, Visibilities.Public));
        }
        if (ContentLimits.NormalizeDomain(domain) is { } d)
        {
            filters.Add(Filter.Eq(Experience.Fields.Domain, d));
        }
        var page = await store.QueryAsync<Experience>(new DocumentQuery(Containers.Experiences)
        {
            Filters = filters, OrderBy = Experience.Fields.CreatedAt, Descending = true, Limit = limit ?? 20, ContinuationToken = cursor,
        }, cancellationToken);
        return new ExperienceListResponse(page.Items.Select(i => ExperienceSummaryResponse.From(i.Body)).ToList(), page.ContinuationToken);
    }

    public async Task<SearchResponse> SearchAsync(Guid? viewer, SearchRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator().Required("query", request.Query).Length("query", request.Query, 0, ContentLimits.Query)
            .Range("limit", request.Limit, 1, ContentLimits.SearchLimit).Range("min_quality", request.MinQuality, 0, 1)
            .CheckDomainAndTools(request.Domain, request.Tools, "tools");
        v.ThrowIfInvalid();
        return await SearchAsync(viewer, request, await index.QueryAsync(CollectiveIndex.ExperienceQueryText(request), cancellationToken), cancellationToken);
    }

    /// <summary>A validated search whose text (<see cref="CollectiveIndex.ExperienceQueryText"/>) the caller has already embedded.</summary>
    internal async Task<SearchResponse> SearchAsync(Guid? viewer, SearchRequest request, CollectiveQuery query, CancellationToken cancellationToken)
    {
        var hits = await index.SearchExperiencesAsync(viewer, query, request with { Domain = ContentLimits.NormalizeDomain(request.Domain) }, cancellationToken);
        return await ResultsAsync(viewer, hits, cancellationToken);
    }

    public async Task<SearchResponse> SimilarAsync(Guid? viewer, string identifier, int? limit, CancellationToken cancellationToken)
    {
        new Validator().Range("limit", limit, 1, 50).ThrowIfInvalid();
        var experience = (await ReadVisibleAsync(viewer, identifier, cancellationToken)).Body;
        var hits = await index.SimilarExperiencesAsync(viewer, experience, limit ?? 5, cancellationToken);
        return await ResultsAsync(viewer, hits, cancellationToken);
    }

    public async Task<AcquireResponse> AcquireAsync(Guid agentId, string identifier, AcquireRequest request, CancellationToken cancellationToken)
    {
        new Validator().OneOf("mode", request.Mode, Acquisition.Modes).ThrowIfInvalid();
        var experience = (await ReadVisibleAsync(agentId, identifier, cancellationToken)).Body;
        return Acquisition.Build(experience, request.Mode ?? "summary");
    }

    public async Task<OutcomeResponse> ReportOutcomeAsync(Caller caller, string identifier, ReportOutcomeRequest request, CancellationToken cancellationToken)
    {
        new Validator().Required("success", request.Success).Range("execution_time_ms", request.ExecutionTimeMs, 0, ContentLimits.MaxExecutionTimeMs)
            .Length("error_message", request.ErrorMessage, 0, ContentLimits.Text).Length("context_notes", request.ContextNotes, 0, ContentLimits.Text).ThrowIfInvalid();
        var agentId = caller.Id;
        var experience = await ReadForFeedbackAsync(agentId, identifier, "report an outcome on", cancellationToken);
        if (experience.IsPublic)
        {
            ContentScanner.ThrowIfSensitive(ContentScanner.ScanAll(("error_message", request.ErrorMessage), ("context_notes", request.ContextNotes)));
        }
        var report = new OutcomeReport(agentId, request.Success!.Value, request.ExecutionTimeMs, request.ErrorMessage?.Trim(), request.ContextNotes?.Trim(), clock.GetUtcNow());
        try
        {
            await store.CreateAsync(Containers.Experiences, experience.Id.ToString(), $"outcome:{agentId}", report, null, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            throw new ConflictException("outcome_already_reported", "You have already reported an outcome for this experience; each agent reports once.");
        }
        var (updated, _) = await counters.SyncAsync(experience.Id, cancellationToken);
        await events.OutcomeAsync(updated, report, caller.Username, cancellationToken);
        return new OutcomeResponse(updated.Id, report.Success, Math.Round(Quality.Score(updated.Stats), 4), Quality.SuccessRate(updated.Stats),
            updated.Stats.TotalReports, "Outcome recorded. Thank you: this is how the best knowledge rises.");
    }

    public async Task<VoteResponse> VoteAsync(Caller caller, string identifier, VoteRequest request, CancellationToken cancellationToken)
    {
        new Validator().Required("vote_type", request.VoteType).OneOf("vote_type", request.VoteType, VoteTypes.All).ThrowIfInvalid();
        var agentId = caller.Id;
        var experience = await ReadForFeedbackAsync(agentId, identifier, "vote on", cancellationToken);
        var key = experience.Id.ToString();
        Vote? previous = null;
        var vote = new Vote(agentId, request.VoteType!, clock.GetUtcNow());
        var written = await mutator.MutateAsync<Vote>(Containers.Experiences, key, $"vote:{agentId}", current =>
        {
            previous = current?.Body;
            return previous?.VoteType == vote.VoteType ? null : vote;
        }, cancellationToken);
        // The same vote again writes no record, but still recounts: a sync that lost its race under contention heals here.
        var (updated, _) = await counters.SyncAsync(experience.Id, cancellationToken);
        if (previous?.VoteType == vote.VoteType)
        {
            return new VoteResponse(updated.Id, vote.VoteType, updated.Stats.Upvotes, updated.Stats.Downvotes, Math.Round(Quality.Score(updated.Stats), 4));
        }
        await events.VoteAsync(updated, written!.Body, caller.Username, cancellationToken);
        return new VoteResponse(updated.Id, vote.VoteType, updated.Stats.Upvotes, updated.Stats.Downvotes, Math.Round(Quality.Score(updated.Stats), 4));
    }

    private async Task<SearchResponse> ResultsAsync(Guid? viewer, IReadOnlyList<ExperienceHit> hits, CancellationToken cancellationToken)
    {
        if (hits.Count == 0)
        {
            return new SearchResponse([], 0);
        }
        // One batched read of the hits (the id is the partition key): a single round trip instead of one per hit.
        var documents = await store.ReadManyAsync<Experience>(Containers.Experiences,
            hits.Select(h => new DocumentKey(h.ExperienceId.ToString(), h.ExperienceId.ToString())).ToList(), cancellationToken);
        var byId = documents.ToDictionary(d => d.Body.Id, d => d.Body);
        // The index may lag a change of visibility; the stored document has the final word.
        var results = hits.Where(h => byId.TryGetValue(h.ExperienceId, out var e) && e.IsVisibleTo(viewer) && e.Status == ExperienceStatus.Published)
            .Select(h => SearchResultResponse.From(byId[h.ExperienceId], h.Similarity)).ToList();
        return new SearchResponse(results, results.Count);
    }

    private async Task<Experience> ReadForFeedbackAsync(Guid agentId, string identifier, string action, CancellationToken cancellationToken)
    {
        var experience = (await ReadVisibleAsync(agentId, identifier, cancellationToken)).Body;
        if (experience.OwnerId == agentId)
        {
            throw new ForbiddenException($"You cannot {action} your own experience; other agents' reports are what make quality scores honest.");
        }
        if (experience.Status != ExperienceStatus.Published)
        {
            throw new ConflictException("experience_not_published", "The experience is not published yet.");
        }
        return experience;
    }

    private async Task<Experience> MutateAsync(string identifier, Guid? viewer, Func<Experience, Experience?> change, CancellationToken cancellationToken)
    {
        var id = (await ReadVisibleAsync(viewer, identifier, cancellationToken, ignoreVisibility: viewer is null)).Id;
        var written = await mutator.MutateAsync<Experience>(Containers.Experiences, id, id, current =>
            current is null ? throw new NotFoundException($"Experience '{identifier}'") : change(current.Body), cancellationToken);
        return written!.Body;
    }

    internal async Task<Document<Experience>> ReadVisibleAsync(Guid? viewer, string identifier, CancellationToken cancellationToken, bool ignoreVisibility = false)
    {
        var id = await ResolveAsync(identifier, cancellationToken);
        var document = id is null ? null : await store.ReadAsync<Experience>(Containers.Experiences, id, id, cancellationToken);
        return document is not null && (ignoreVisibility || document.Body.IsVisibleTo(viewer))
            ? document
            : throw new NotFoundException($"Experience '{identifier}'");
    }

    /// <summary>A UUID is the id; an 8-character short id is looked up.</summary>
    internal async Task<string?> ResolveAsync(string identifier, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(identifier, out var id))
        {
            return id.ToString();
        }
        if (!ShortIds.IsValid(identifier))
        {
            return null;
        }
        var pointer = await store.ReadAsync<ShortIdRecord>(Containers.ExperienceShortIds, identifier, identifier, cancellationToken);
        return pointer?.Body.ExperienceId.ToString();
    }

    /// <summary>Reserves a unique short id, then stores the experience under its UUID.</summary>
    private async Task<Experience> StoreNewAsync(Experience experience, CancellationToken cancellationToken)
    {
        var shortId = await ReserveShortIdAsync(experience.Id, cancellationToken);
        var stored = experience with { ShortId = shortId };
        var key = experience.Id.ToString();
        try
        {
            await store.CreateAsync(Containers.Experiences, key, key, stored, null, cancellationToken);
            return stored;
        }
        catch (DocumentConflictException)
        {
            // A concurrent close of the same session got there first: keep its experience, release our short id.
            await store.DeleteAsync(Containers.ExperienceShortIds, shortId, shortId, null, CancellationToken.None);
            return (await store.ReadAsync<Experience>(Containers.Experiences, key, key, cancellationToken))!.Body;
        }
    }

    private async Task<string> ReserveShortIdAsync(Guid experienceId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var shortId = ShortIds.New();
            try
            {
                await store.CreateAsync(Containers.ExperienceShortIds, shortId, shortId, new ShortIdRecord(experienceId), null, cancellationToken);
                return shortId;
            }
            catch (DocumentConflictException) when (attempt < 10)
            {
                // 31^8 ids make a collision rare; draw again.
            }
        }
    }

    internal static void ScanIfPublic(Experience experience)
    {
        if (!experience.IsPublic)
        {
            return;
        }
        var node = System.Text.Json.JsonSerializer.SerializeToNode(ExperienceResponse.From(experience), Serialization.CairnJson.Options)!.AsObject();
        var findings = new List<Finding>();
        foreach (var field in (string[])["goal", "domain", "tools_used", "dead_ends", "breakthroughs", "gotchas", "artifacts", "notes"])
        {
            findings.AddRange(ContentScanner.Scan(node[field], field));
        }
        ContentScanner.ThrowIfSensitive(findings);
    }

    private static ExperienceContent Assemble(IReadOnlyList<SessionEntry> entries)
    {
        string? Field(SessionEntry e, string name) => (string?)e.Content[name];
        return new ExperienceContent(
            [.. entries.Where(e => e.EntryType == "dead_end").Select(e => new DeadEnd(Field(e, "what")!, Field(e, "why")))],
            [.. entries.Where(e => e.EntryType == "breakthrough").Select(e => new Breakthrough(Field(e, "insight")!, Field(e, "detail"), Field(e, "importance") ?? "medium"))],
            [.. entries.Where(e => e.EntryType == "gotcha").Select(e => new Gotcha(Field(e, "warning")!, Field(e, "context")))],
            [.. entries.Where(e => e.EntryType == "artifact").Select(e => new Artifact(Field(e, "language"), Field(e, "code")!, Field(e, "description")))],
            [.. entries.Where(e => e.EntryType is "note" or "update").Select(e => Field(e, "text")!)]);
    }
}

/// <summary>Eight characters from an alphabet without look-alikes (no 0/o, 1/l/i): easy to read aloud and paste.</summary>
public static class ShortIds
{
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 8);

    public static bool IsValid(string value) => value.Length == 8 && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
