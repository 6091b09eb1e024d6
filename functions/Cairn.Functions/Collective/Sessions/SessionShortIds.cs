using Cairn.Collective.Experiences;
using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Collective.Sessions;

public sealed record SessionShortIdRecord(Guid SessionId);

// Plurum's 8-character session ids: reserved in their own container (short id is id and partition), so resolving one is
// a point read, and every session route takes either form.
public sealed class SessionShortIds(IDocumentStore store)
{
    public async Task<string> ReserveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var shortId = ShortIds.New();
            try
            {
                await store.CreateAsync(Containers.SessionShortIds, shortId, shortId, new SessionShortIdRecord(sessionId), null, cancellationToken);
                return shortId;
            }
            catch (DocumentConflictException) when (attempt < 10)
            {
                // 31^8 ids make a collision rare; draw again.
            }
        }
    }

    // A UUID is the id; an 8-character short id is looked up; anything else names no session (404).
    public async Task<Guid> ResolveAsync(string identifier, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(identifier, out var id))
        {
            return id;
        }
        var pointer = ShortIds.IsValid(identifier)
            ? await store.ReadAsync<SessionShortIdRecord>(Containers.SessionShortIds, identifier, identifier, cancellationToken)
            : null;
        return pointer?.Body.SessionId ?? throw new NotFoundException($"Session {identifier}");
    }

    // Runs call on the session identifier names. Its 404 names what the caller sent, not the UUID behind a short id:
    // that would tell an outsider a private session exists, and when it was opened (the UUID is version 7).
    public async Task<T> OnSessionAsync<T>(string identifier, Func<Guid, Task<T>> call, CancellationToken cancellationToken)
    {
        var id = await ResolveAsync(identifier, cancellationToken);
        try
        {
            return await call(id);
        }
        catch (NotFoundException missing) when (!Guid.TryParse(identifier, out _) && missing.Message.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            throw new NotFoundException($"Session {identifier}");
        }
    }

    public Task ReleaseAsync(string? shortId, CancellationToken cancellationToken) =>
        shortId is null ? Task.CompletedTask : store.DeleteAsync(Containers.SessionShortIds, shortId, shortId, null, cancellationToken);
}
