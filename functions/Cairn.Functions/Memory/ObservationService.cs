using Cairn.Engrams;
using Cairn.Errors;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

// Records observations: into the buffer ring of the caller's memory, embedded and searchable at once.
public sealed class ObservationService(
    MemorySessionService sessions, MemoryStore memories, MemoryIndex index, MemoryCurator curator, IMemoryCompressor compressor,
    IOptions<MemoryOptions> options, TimeProvider clock)
{
    public async Task<ObservationResponse> ObserveAsync(Guid agentId, ObserveRequest request, CancellationToken cancellationToken)
    {
        new Validator()
            .Required("session_id", request.SessionId)
            .Required("content", request.Content).Length("content", request.Content?.Trim(), 0, MemoryLimits.Content)
            .OneOf("type", request.Type, ObservationTypes.All)
            .OneOf("outcome", request.Outcome, ObservationOutcomes.All)
            .Length("tool_name", request.ToolName?.Trim(), 0, MemoryLimits.ToolName).Label("tool_name", request.ToolName?.Trim())
            .ThrowIfInvalid();

        var content = request.Content!.Trim();
        var tool = string.IsNullOrWhiteSpace(request.ToolName) ? null : request.ToolName.Trim().ToLowerInvariant();
        var outcome = MemoryOutcomes.Of(request.Outcome);
        var sessionId = request.SessionId!.Value;
        // Refused early, before anything is written; checked again under the session's ETag when the count is taken.
        EnsureAccepts((await sessions.ReadAsync(agentId, sessionId, cancellationToken)).Body);

        var now = clock.GetUtcNow();
        var observation = Decay.Refresh(new MemoryItem(
            Guid.CreateVersion7(now), agentId, sessionId, Rings.Buffer, Stages.Full, MemorySources.Observation, request.Type, tool,
            content,
            await compressor.CompressAsync(content, Decay.TargetTokens(Stages.Summary), cancellationToken),
            await compressor.CompressAsync(content, Decay.TargetTokens(Stages.Essence), cancellationToken),
            MemoryText.Fingerprint(content), Tokens.Estimate(content), outcome, 0, 0, now, now, null, now, now, MemoryDates.Never, 0, false),
            options.Value.BufferTtl);
        // Stored first, then counted: a session never counts an observation it does not hold. One the count then refuses
        // (the session ended or filled up meanwhile) is taken back.
        await memories.CreateAsync(observation, cancellationToken);
        try
        {
            await sessions.MutateAsync(agentId, sessionId, session =>
            {
                EnsureAccepts(session);
                return session with
                {
                    ObservationCount = session.ObservationCount + 1,
                    Outcomes = session.Outcomes.Add(outcome),
                    Tools = tool is null ? session.Tools : ToolReport.Tally(session.Tools, tool, outcome),
                    UpdatedAt = clock.GetUtcNow(),
                };
            }, cancellationToken);
        }
        catch
        {
            await memories.TryDeleteAsync(agentId, observation.Id, null, CancellationToken.None);
            throw;
        }
        await index.IndexAsync(observation, cancellationToken);
        await curator.TrimBufferAsync(agentId, cancellationToken);
        return new ObservationResponse(observation.Id, sessionId, observation.Ring, observation.Stage, observation.OriginalTokens, observation.CreatedAt, observation.DueAt);
    }

    private static void EnsureAccepts(MemorySession session)
    {
        if (session.Status != MemorySessionStatus.Active)
        {
            throw new ConflictException("session_ended", "The session has ended; start a new one to record more observations.");
        }
        if (session.ObservationCount >= MemoryLimits.ObservationsPerSession)
        {
            throw new ConflictException("session_full", $"A session holds at most {MemoryLimits.ObservationsPerSession} observations; end it and start another.");
        }
    }
}
