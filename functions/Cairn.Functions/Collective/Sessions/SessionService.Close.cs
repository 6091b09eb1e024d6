using Cairn.Collective.Experiences;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Collective.Sessions;

// Closing: the session is closed first, under its ETag, and the experience is assembled from what it holds then. It
// used to be assembled from an earlier read, so entries acknowledged while the close ran were left out of the
// experience, and a session made private meanwhile was published as public.
public sealed partial class SessionService
{
    // Reads of the entries while one that took its place in the count before the close is still writing its document.
    private const int EntryReads = 10;

    public async Task<CloseSessionResponse> CloseAsync(Guid agentId, Guid sessionId, CloseSessionRequest request, CancellationToken cancellationToken)
    {
        new Validator().Required("outcome", request.Outcome).OneOf("outcome", request.Outcome, Outcomes.All).ThrowIfInvalid();
        var current = await ReadOwnedAsync(agentId, sessionId, cancellationToken);
        // Closed without an experience id: a close stopped before it was done, and this one finishes it.
        var closed = current.Body is { Status: SessionStatus.Closed, ExperienceId: null }
            ? current.Body
            : (await MutateOwnedAsync(agentId, sessionId, requireOpen: true, (session, _) => Task.FromResult(session with
            {
                Status = SessionStatus.Closed, Outcome = request.Outcome, ClosedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
            }), cancellationToken)).Body;

        var entries = await SettledEntriesAsync(closed, cancellationToken);
        Experience experience;
        try
        {
            experience = await experiences.PublishFromSessionAsync(closed, entries, closed.Outcome ?? request.Outcome!, cancellationToken);
        }
        catch (DomainException)
        {
            // The assembled whole was refused (e.g. sensitive_content): the session opens again, as it was, to be fixed.
            await ReopenAsync(sessionId);
            throw;
        }
        closed = (await mutator.MutateAsync<Session>(Containers.Sessions, Key(sessionId), SessionDocuments.Session,
            stored => stored is null ? null : stored.Body with { ExperienceId = experience.Id }, cancellationToken))?.Body ?? closed with { ExperienceId = experience.Id };
        await index.IndexSessionAsync(closed, cancellationToken);
        var contributors = await AllInPartitionAsync<Contribution>(sessionId, "contribution", cancellationToken);
        await events.SessionClosedAsync(closed, experience, contributors.Select(c => c.AgentId), cancellationToken);
        return new CloseSessionResponse(SessionResponse.From(closed, entries), ExperienceResponse.From(experience));
    }

    // An entry counts itself before it stores its document: wait for the ones the session counts, a few reads at most
    // (one whose writer died stays counted until the reconciler corrects the count).
    private async Task<IReadOnlyList<SessionEntry>> SettledEntriesAsync(Session closed, CancellationToken cancellationToken)
    {
        var entries = await EntriesAsync(closed.Id, cancellationToken);
        for (var read = 1; read < EntryReads && entries.Count < closed.EntryCount; read++)
        {
            entries = await EntriesAsync(closed.Id, cancellationToken);
        }
        return entries;
    }

    private async Task ReopenAsync(Guid sessionId) =>
        await mutator.MutateAsync<Session>(Containers.Sessions, Key(sessionId), SessionDocuments.Session, stored =>
            stored?.Body is { Status: SessionStatus.Closed, ExperienceId: null } session
                ? session with { Status = SessionStatus.Open, Outcome = null, ClosedAt = null, UpdatedAt = clock.GetUtcNow() }
                : null, CancellationToken.None);
}
