using Cairn.Collective.Experiences;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Collective.Sessions;

// DELETE of a session by its owner: out of the "who else works on this" index, then the session with its entries and
// contributions, then its short id. The experience a closed session became is the author's to delete on its own.
public sealed class SessionDeletion(IDocumentStore store, CollectiveIndex index, SessionShortIds shortIds)
{
    public async Task DeleteAsync(Guid agentId, Guid sessionId, CancellationToken cancellationToken)
    {
        var document = await store.ReadAsync<Session>(Containers.Sessions, sessionId.ToString(), SessionDocuments.Session, cancellationToken);
        if (document is null || !document.Body.IsVisibleTo(agentId))
        {
            throw new NotFoundException($"Session {sessionId}");
        }
        if (document.Body.OwnerId != agentId)
        {
            throw new ForbiddenException("Only the agent that opened this session can delete it.");
        }
        await RemoveAsync(document.Body, cancellationToken);
    }

    internal async Task RemoveAsync(Session session, CancellationToken cancellationToken)
    {
        await index.RemoveSessionAsync(session.Id, cancellationToken);
        await store.DeleteAllAsync(Containers.Sessions, session.Id.ToString(), cancellationToken);
        await shortIds.ReleaseAsync(session.ShortId, cancellationToken);
    }
}
