using Cairn.Errors;
using Cairn.Events;
using Cairn.Hosting;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

/// <summary>Memory sessions: start, read, retitle, end. Ending classifies the session's buffered observations and writes its Z-report.</summary>
public sealed class MemorySessionService(
    IDocumentStore store, DocumentMutator mutator, MemoryStore memories, MemoryCurator curator, IMemoryCompressor compressor, EventPublisher outbox, IOptions<MemoryOptions> options, TimeProvider clock)
{
    private const int CuratePage = 100;
    private const int SettleReads = 10;

    public async Task<MemorySessionResponse> StartAsync(Guid agentId, StartMemorySessionRequest request, CancellationToken cancellationToken)
    {
        new Validator().Length("title", request.Title?.Trim(), 0, MemoryLimits.Title).Label("title", request.Title?.Trim()).ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var session = new MemorySession(Guid.CreateVersion7(now), agentId, Blank(request.Title), MemorySessionStatus.Active, 0, MemoryOutcomes.None, [],
            now, now, null, null, MemoryDates.Never, null);
        await store.CreateAsync(Containers.MemorySessions, agentId.ToString(), session.Id.ToString(), session, null, cancellationToken);
        return MemorySessionResponse.From(session);
    }

    public async Task<(MemorySessionResponse Session, string ETag)> GetAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await ReadAsync(agentId, sessionId, cancellationToken);
        return (MemorySessionResponse.From(session.Body), session.ETag);
    }

    public Task<MemorySessionResponse> UpdateAsync(Guid agentId, Guid sessionId, UpdateMemorySessionRequest request, CancellationToken cancellationToken) =>
        UpdateAsync(agentId, sessionId, request, null, cancellationToken);

    /// <param name="ifMatch">The versions the caller's If-Match names (null: any); a session changed since is 412.</param>
    public async Task<MemorySessionResponse> UpdateAsync(Guid agentId, Guid sessionId, UpdateMemorySessionRequest request, IReadOnlyList<string>? ifMatch, CancellationToken cancellationToken)
    {
        Validate(request);
        var ending = request.Status == MemorySessionStatus.Ended;
        var session = await MutateAsync(agentId, sessionId, ifMatch, current =>
        {
            if (current.Status == MemorySessionStatus.Ended)
            {
                return ending && request.Title is null ? null
                    : throw new ConflictException("session_ended", "The session has ended; start a new one.");
            }
            var now = clock.GetUtcNow();
            return current with
            {
                Title = request.Title is null ? current.Title : Blank(request.Title),
                Status = ending ? MemorySessionStatus.Ended : current.Status,
                EndedAt = ending ? now : null,
                UpdatedAt = now,
            };
        }, cancellationToken);
        // A report missing from an ended session (an earlier end that failed half-way) is written now.
        if (ending && session.ZReport is null)
        {
            session = await WriteZReportAsync(session, request, cancellationToken);
        }
        if (ending && session.ZReport is { } report)
        {
            // Also on a repeated end: the event id is the session's, so a publish lost to a failure is made good, never doubled.
            await outbox.PublishAsync(new CairnEvent(CairnEventTypes.ZReportCreated, session.Id.ToString(), $"memory/sessions/{session.Id}", new
            {
                session_id = session.Id, title = session.Title, summary = report.Summary, decisions = report.Decisions, tools = report.Tools,
                observation_count = report.ObservationCount, outcomes = report.Outcomes, success_rate = report.SuccessRate, memories = report.Memories,
                generated_at = report.GeneratedAt,
            }, EventAudience.Owner(session.AgentId), new EventFacets()), cancellationToken);
        }
        return MemorySessionResponse.From(session);
    }

    /// <summary>Reads the caller's own session; another agent's is simply not there (its partition is never read).</summary>
    public async Task<Document<MemorySession>> ReadAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken) =>
        await store.ReadAsync<MemorySession>(Containers.MemorySessions, agentId.ToString(), sessionId.ToString(), cancellationToken)
        ?? throw new NotFoundException($"Memory session '{sessionId}'");

    /// <summary>Applies a change under the session's ETag; <paramref name="change"/> returns null to keep it as it is.</summary>
    public Task<MemorySession> MutateAsync(Guid agentId, Guid sessionId, Func<MemorySession, MemorySession?> change, CancellationToken cancellationToken) =>
        MutateAsync(agentId, sessionId, null, change, cancellationToken);

    private async Task<MemorySession> MutateAsync(Guid agentId, Guid sessionId, IReadOnlyList<string>? ifMatch, Func<MemorySession, MemorySession?> change, CancellationToken cancellationToken) =>
        (await mutator.MutateAsync<MemorySession>(Containers.MemorySessions, agentId.ToString(), sessionId.ToString(), current =>
        {
            if (current is null)
            {
                throw new NotFoundException($"Memory session '{sessionId}'");
            }
            EntityTags.Require(ifMatch, current.ETag, $"Memory session '{sessionId}'");
            return change(current.Body);
        }, cancellationToken))!.Body;

    private async Task<MemorySession> WriteZReportAsync(MemorySession session, UpdateMemorySessionRequest request, CancellationToken cancellationToken)
    {
        var observations = await CountedObservationsAsync(session, cancellationToken);
        var counted = observations.Select(o => o.Id).ToHashSet();
        var placed = RingCounts.None;
        while (true)
        {
            var page = await memories.BufferedAsync(session.AgentId, session.Id, CuratePage, null, cancellationToken);
            var mine = page.Items.Where(o => counted.Contains(o.Body.Id)).ToList();
            foreach (var observation in mine)
            {
                if (await curator.CurateAsync(observation, cancellationToken) is { } result)
                {
                    placed = placed.Add(result);
                }
            }
            if (page.Items.Count < CuratePage || mine.Count == 0)
            {
                break;
            }
        }
        var report = await ZReports.BuildAsync(session, observations, request, placed, compressor, clock.GetUtcNow(), cancellationToken);
        var promote = report.Outcomes.Rated > 0 && report.SuccessRate >= options.Value.PromotionSuccessRate;
        return await MutateAsync(session.AgentId, session.Id, current => current.ZReport is not null ? null : current with
        {
            ZReport = report,
            PromotionDueAt = promote ? current.EndedAt ?? report.GeneratedAt : MemoryDates.Never,
            UpdatedAt = report.GeneratedAt,
        }, cancellationToken);
    }

    // An observation is stored before the session counts it, and taken back when the count refuses it (the session had
    // ended): one being taken back is not the session's. The ended session's count is final, so while more are listed
    // than counted, read again (a few times: one whose writer died before taking it back stays).
    private async Task<IReadOnlyList<MemoryItem>> CountedObservationsAsync(MemorySession session, CancellationToken cancellationToken)
    {
        var observations = await memories.OfSessionAsync(session.AgentId, session.Id, MemoryLimits.ObservationsPerSession, cancellationToken);
        for (var read = 1; read < SettleReads && observations.Count > session.ObservationCount; read++)
        {
            observations = await memories.OfSessionAsync(session.AgentId, session.Id, MemoryLimits.ObservationsPerSession, cancellationToken);
        }
        return observations;
    }

    private static void Validate(UpdateMemorySessionRequest request)
    {
        var v = new Validator()
            .Length("title", request.Title?.Trim(), 0, MemoryLimits.Title).Label("title", request.Title?.Trim())
            .OneOf("status", request.Status, MemorySessionStatus.All)
            .Length("summary", request.Summary?.Trim(), 0, MemoryLimits.Summary)
            .OneOf("outcome", request.Outcome, ObservationOutcomes.All);
        if (request.Decisions is { } decisions)
        {
            if (decisions.Count > MemoryLimits.Decisions)
            {
                v.Add("decisions", $"must have at most {MemoryLimits.Decisions} items.");
            }
            for (var i = 0; i < decisions.Count; i++)
            {
                v.Required($"decisions[{i}]", decisions[i]).Length($"decisions[{i}]", decisions[i]?.Trim(), 0, MemoryLimits.Decision);
            }
        }
        if (request.Status != MemorySessionStatus.Ended && (request.Summary is not null || request.Decisions is not null || request.Outcome is not null))
        {
            v.Add("status", "must be \"ended\" when summary, decisions or outcome are given: they belong to the Z-report written at the end.");
        }
        if (request.Title is null && request.Status is null && v.IsValid)
        {
            v.Add("status", "is required: send \"ended\" to end the session, or a new title.");
        }
        v.ThrowIfInvalid();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
