using System.Text.Json.Nodes;
using Cairn.Agents;
using Cairn.Collective.Experiences;
using Cairn.Errors;
using Cairn.Hosting;
using Cairn.Inbox;
using Cairn.Safety;
using Cairn.Storage;

namespace Cairn.Collective.Sessions;

public sealed partial class SessionService(
    IDocumentStore store, DocumentMutator mutator, ExperienceService experiences, CollectiveIndex index, CollectiveEvents events, SessionShortIds shortIds,
    TimeProvider clock)
{
    public const int MaxEntries = 500;

    public async Task<OpenSessionResponse> OpenAsync(Caller caller, OpenSessionRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator()
            .Required("topic", request.Topic).Length("topic", request.Topic?.Trim(), 0, ContentLimits.Goal).Label("topic", request.Topic?.Trim())
            .OneOf("visibility", request.Visibility, Visibilities.All)
            .CheckDomainAndTools(request.Domain, request.ToolsUsed);
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var session = new Session(Guid.CreateVersion7(now), caller.Id, caller.Username, request.Topic!.Trim(), ContentLimits.NormalizeDomain(request.Domain),
            ContentLimits.NormalizeTools(request.ToolsUsed), request.Visibility ?? Visibilities.Private, SessionStatus.Open, null, null, 0, now, now, null);
        if (session.IsPublic)
        {
            ContentScanner.ThrowIfSensitive(SessionFindings(session, request.Domain, request.ToolsUsed));
        }
        session = session with { ShortId = await shortIds.ReserveAsync(session.Id, cancellationToken) };

        // Storing the session and the two look-ups are independent: they run side by side, the look-ups on one embedding.
        var query = await index.QueryAsync(string.Join(' ', [session.Topic, session.Domain ?? "", .. session.ToolsUsed]), cancellationToken);
        var stored = StoreNewAsync(session, cancellationToken);
        var matching = experiences.SearchAsync(caller.Id, new SearchRequest(query.Text, null, null, null, 5), query, cancellationToken);
        var active = ActiveSessionsLikeAsync(session, query, cancellationToken);
        await Task.WhenAll(stored, matching, active);
        return new OpenSessionResponse(SessionResponse.From(session, []), (await matching).Results, await active);
    }

    /// <summary>A new session: stored, then indexed when public (a new private one has nothing in the index to remove), and announced.</summary>
    private async Task StoreNewAsync(Session session, CancellationToken cancellationToken)
    {
        await store.CreateAsync(Containers.Sessions, Key(session.Id), SessionDocuments.Session, session, null, cancellationToken);
        // Announced either way: a private session's event reaches only its owner's webhooks.
        await Task.WhenAll(session.IsPublic ? index.IndexSessionAsync(session, cancellationToken) : Task.CompletedTask, events.SessionOpenedAsync(session, cancellationToken));
    }

    public async Task<SessionListResponse> ListAsync(Guid agentId, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        new Validator().OneOf("status", status, SessionStatus.All).Range("limit", limit, 1, 100).ThrowIfInvalid();
        var filters = new List<Filter> { Filter.Eq(Session.Fields.OwnerId, agentId), Filter.Eq(Session.Fields.Kind, Session.DocumentKind) };
        if (status is not null)
        {
            filters.Add(Filter.Eq(Session.Fields.Status, status));
        }
        var page = await store.QueryAsync<Session>(new DocumentQuery(Containers.Sessions)
        {
            Filters = filters, OrderBy = Session.Fields.CreatedAt, Descending = true, Limit = limit ?? 20, ContinuationToken = cursor,
        }, cancellationToken);
        return new SessionListResponse(page.Items.Select(d => SessionResponse.From(d.Body)).ToList(), page.ContinuationToken);
    }

    public async Task<(SessionResponse Session, string ETag)> GetAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await ReadVisibleAsync(agentId, sessionId, cancellationToken);
        return (SessionResponse.From(session.Body, await EntriesAsync(sessionId, cancellationToken)), session.ETag);
    }

    public async Task<(SessionResponse Session, string ETag)> UpdateAsync(Guid agentId, Guid sessionId, UpdateSessionRequest request, IReadOnlyList<string>? ifMatch, CancellationToken cancellationToken)
    {
        new Validator()
            .Length("topic", request.Topic?.Trim(), 1, ContentLimits.Goal).Label("topic", request.Topic?.Trim())
            .OneOf("visibility", request.Visibility, Visibilities.All)
            .CheckDomainAndTools(request.Domain, request.ToolsUsed)
            .ThrowIfInvalid();
        var updated = await MutateOwnedAsync(agentId, sessionId, requireOpen: true, async (session, ct) =>
        {
            var next = session with
            {
                Topic = request.Topic?.Trim() ?? session.Topic,
                Domain = request.Domain is null ? session.Domain : ContentLimits.NormalizeDomain(request.Domain),
                ToolsUsed = request.ToolsUsed is null ? session.ToolsUsed : ContentLimits.NormalizeTools(request.ToolsUsed),
                Visibility = request.Visibility ?? session.Visibility,
                UpdatedAt = clock.GetUtcNow(),
            };
            if (next.IsPublic)
            {
                // Going public exposes everything logged so far: all of it must pass the scan, including an entry that
                // counted itself while the session was private and is still storing itself (it would land unscanned).
                var findings = SessionFindings(next, request.Domain, request.ToolsUsed).ToList();
                var entries = await SettledEntriesAsync(session, ct);
                if (entries.Count < session.EntryCount)
                {
                    throw new ContentionException(Containers.Sessions, sessionId.ToString(), EntryReads);
                }
                foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
                {
                    findings.AddRange(ContentScanner.Scan(entry.Content, $"entries[{i}].content"));
                }
                ContentScanner.ThrowIfSensitive(findings);
            }
            return next;
        }, cancellationToken, ifMatch);
        await index.IndexSessionAsync(updated.Body, cancellationToken);
        return (SessionResponse.From(updated.Body, await EntriesAsync(sessionId, cancellationToken)), updated.ETag);
    }

    public async Task<EntryResponse> LogEntryAsync(Guid agentId, Guid sessionId, LogEntryRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator().Required("entry_type", request.EntryType).OneOf("entry_type", request.EntryType, EntrySchemas.Types);
        v.ThrowIfInvalid();
        var content = EntrySchemas.Validate(v, request.EntryType!, request.Content);
        v.ThrowIfInvalid();
        if (request.Redact == true)
        {
            content = ContentScanner.Redact(content);
        }

        var now = clock.GetUtcNow();
        var entry = new SessionEntry(Guid.CreateVersion7(now), sessionId, request.EntryType!, content, now);
        // The entry's place in the count first, under the session's ETag, so writers racing for the last places cannot
        // pass the cap together. A failed write gives it back; a crash in between leaves a count the reconciler repairs.
        await MutateOwnedAsync(agentId, sessionId, requireOpen: true, (session, _) =>
        {
            if (session.EntryCount >= MaxEntries)
            {
                throw new ConflictException("session_full", $"A session holds at most {MaxEntries} entries; close it and open another.");
            }
            if (session.IsPublic)
            {
                ContentScanner.ThrowIfSensitive(ContentScanner.Scan(content, "content"));
            }
            return Task.FromResult(session with { EntryCount = session.EntryCount + 1, UpdatedAt = clock.GetUtcNow() });
        }, cancellationToken);
        try
        {
            await store.CreateAsync(Containers.Sessions, Key(sessionId), SessionDocuments.EntryPrefix + entry.Id, entry with { }, null, cancellationToken);
        }
        catch
        {
            await mutator.MutateAsync<Session>(Containers.Sessions, Key(sessionId), SessionDocuments.Session,
                current => current is null ? null : current.Body with { EntryCount = Math.Max(0, current.Body.EntryCount - 1) }, CancellationToken.None);
            throw;
        }
        return EntryResponse.From(entry);
    }

    /// <summary>Stores the session's entry count as its entries say, if it differs; false when it was already right.</summary>
    public async Task<bool> SyncEntryCountAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var changed = false;
        try
        {
            await mutator.MutateAsync<Session>(Containers.Sessions, Key(sessionId), SessionDocuments.Session, async (current, ct) =>
            {
                if (current is null)
                {
                    return null;
                }
                var count = (int)await store.CountAsync(new DocumentQuery(Containers.Sessions)
                {
                    PartitionKey = Key(sessionId), Filters = [Filter.Eq(SessionEntry.Fields.Kind, SessionEntry.DocumentKind)],
                }, ct);
                changed = count != current.Body.EntryCount;
                return changed ? current.Body with { EntryCount = count, UpdatedAt = clock.GetUtcNow() } : null;
            }, cancellationToken);
        }
        catch (ContentionException)
        {
            // The entry is stored; the next entry's recount, or the reconciler, brings the count up to it.
            return false;
        }
        return changed;
    }

    public async Task<SessionResponse> AbandonAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        var abandoned = (await MutateOwnedAsync(agentId, sessionId, requireOpen: true, (session, _) => Task.FromResult(session with
        {
            Status = SessionStatus.Abandoned, ClosedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
        }), cancellationToken)).Body;
        await index.IndexSessionAsync(abandoned, cancellationToken);
        return SessionResponse.From(abandoned);
    }

    public async Task<ContributionResponse> ContributeAsync(Caller caller, Guid sessionId, ContributeRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator().Required("contribution_type", request.ContributionType).OneOf("contribution_type", request.ContributionType, ContributionTypes.All);
        var text = request.Content?["text"];
        if (request.Content is null || text is null || text.GetValueKind() != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(text.GetValue<string>()))
        {
            v.Add("content.text", "is required: the contribution's text.");
        }
        else
        {
            v.Length("content.text", text.GetValue<string>(), 0, ContentLimits.Text);
        }
        v.ThrowIfInvalid();

        var session = (await ReadVisibleAsync(caller.Id, sessionId, cancellationToken)).Body;
        EnsureOpen(session);
        var content = (JsonObject)request.Content!.DeepClone();
        if (session.IsPublic)
        {
            ContentScanner.ThrowIfSensitive(ContentScanner.Scan(content, "content"));
        }
        var now = clock.GetUtcNow();
        var contribution = new Contribution(Guid.CreateVersion7(now), sessionId, caller.Id, caller.Username, request.ContributionType!, content, now);
        await store.CreateAsync(Containers.Sessions, Key(sessionId), SessionDocuments.ContributionPrefix + contribution.Id, contribution, null, cancellationToken);
        await events.ContributionAsync(session, contribution, cancellationToken);
        return ContributionResponse.From(contribution);
    }

    public async Task<ContributionListResponse> ListContributionsAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        await ReadVisibleAsync(agentId, sessionId, cancellationToken);
        var items = await AllInPartitionAsync<Contribution>(sessionId, "contribution", cancellationToken);
        return new ContributionListResponse(items.Select(ContributionResponse.From).ToList());
    }

    /// <summary>Up to five open public sessions of other agents that look like this one, re-checked against the store.</summary>
    private async Task<IReadOnlyList<ActiveSessionResponse>> ActiveSessionsLikeAsync(Session session, CollectiveQuery query, CancellationToken cancellationToken)
    {
        var hits = (await index.FindActiveSessionsAsync(query, limit: 10, cancellationToken)).Where(h => h.SessionId != session.Id).ToList();
        var stored = (await store.ReadManyAsync<Session>(Containers.Sessions,
            hits.Select(h => new DocumentKey(Key(h.SessionId), SessionDocuments.Session)).ToList(), cancellationToken)).ToDictionary(d => d.Body.Id, d => d.Body);
        return hits
            .Select(h => (Other: stored.GetValueOrDefault(h.SessionId), h.Similarity))
            .Where(h => h.Other is { IsPublic: true, Status: SessionStatus.Open } && h.Other.OwnerId != session.OwnerId)
            .Take(5)
            .Select(h => new ActiveSessionResponse(h.Other!.Id, h.Other.Topic, h.Other.Domain, h.Other.ToolsUsed,
                new AuthorResponse(h.Other.OwnerId, h.Other.OwnerUsername), Math.Round(h.Similarity, 4), h.Other.CreatedAt))
            .ToList();
    }

    private async Task<IReadOnlyList<SessionEntry>> EntriesAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await AllInPartitionAsync<SessionEntry>(sessionId, "entry", cancellationToken);

    private async Task<List<T>> AllInPartitionAsync<T>(Guid sessionId, string kind, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continuation = null;
        do
        {
            var page = await store.QueryAsync<T>(new DocumentQuery(Containers.Sessions)
            {
                PartitionKey = Key(sessionId), Filters = [Filter.Eq(DocumentFields.Kind, kind)], OrderBy = DocumentFields.CreatedAt, Limit = 500, ContinuationToken = continuation,
            }, cancellationToken);
            items.AddRange(page.Items.Select(d => d.Body));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return items;
    }

    private async Task<Document<Session>> ReadVisibleAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        var document = await store.ReadAsync<Session>(Containers.Sessions, Key(sessionId), SessionDocuments.Session, cancellationToken);
        // A private session of someone else does not exist, as far as the caller can tell.
        return document is not null && document.Body.IsVisibleTo(agentId) ? document : throw new NotFoundException($"Session {sessionId}");
    }

    private async Task<Document<Session>> ReadOwnedAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        var document = await ReadVisibleAsync(agentId, sessionId, cancellationToken);
        return document.Body.OwnerId == agentId
            ? document
            : throw new ForbiddenException("Only the agent that opened this session can change it; use /contribute to help.");
    }

    /// <summary>Read-modify-write of an owned session under its ETag (<see cref="DocumentMutator"/>).</summary>
    private async Task<Document<Session>> MutateOwnedAsync(Guid agentId, Guid sessionId, bool requireOpen, Func<Session, CancellationToken, Task<Session>> change,
        CancellationToken cancellationToken, IReadOnlyList<string>? ifMatch = null)
    {
        var written = await mutator.MutateAsync<Session>(Containers.Sessions, Key(sessionId), SessionDocuments.Session, async (current, ct) =>
        {
            if (current is null || !current.Body.IsVisibleTo(agentId))
            {
                throw new NotFoundException($"Session {sessionId}");
            }
            if (current.Body.OwnerId != agentId)
            {
                throw new ForbiddenException("Only the agent that opened this session can change it; use /contribute to help.");
            }
            EntityTags.Require(ifMatch, current.ETag, $"Session {sessionId}");
            if (requireOpen)
            {
                EnsureOpen(current.Body);
            }
            return await change(current.Body, ct);
        }, cancellationToken);
        return written!;
    }

    private static void EnsureOpen(Session session)
    {
        if (session.Status != SessionStatus.Open)
        {
            throw new ConflictException("session_not_open", $"The session is {session.Status}; it accepts no more changes. Open a new session.");
        }
    }

    private static string Key(Guid sessionId) => sessionId.ToString();

    /// <summary>
    /// What a public session shows of itself besides entries: topic, domain and tools. Domain and tools are stored in
    /// lower case, so the values as sent are scanned too (case-sensitive prefixes such as AKIA survive only there).
    /// </summary>
    private static IEnumerable<Finding> SessionFindings(Session session, string? sentDomain, IReadOnlyList<string?>? sentTools) =>
        ContentScanner.ScanAll(("topic", session.Topic), ("domain", sentDomain ?? session.Domain))
            .Concat(ContentScanner.Scan("tools_used", sentTools?.OfType<string>() ?? session.ToolsUsed))
            .DistinctBy(f => (f.Field, f.Kind));
}
