using Cairn.Agents;
using Cairn.Clipboard;
using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Engrams;
using Cairn.Errors;
using Cairn.Memory;
using Cairn.Storage;
using Cairn.Workspaces;

namespace Cairn.Privacy;

/// <summary>
/// DELETE /agents/me: the agent leaves. Everything it owns is deleted — public experiences and sessions included, since
/// an author may withdraw its work — and what it gave to others is anonymised: contributions to other agents' sessions
/// keep their text under the name <see cref="DeletedName"/>. Outcome reports and votes on others' experiences stay in
/// their quality scores; they hold only the agent's random id, which then names nobody. The key and the username go
/// last, so a failure part-way can be retried with the same key.
/// </summary>
public sealed class AgentErasure(
    IDocumentStore store, SessionDeletion sessions, ExperienceEditor experiences, EngramDeletion engrams, ClipboardService clipboard,
    MemoryIndex memoryIndex, WorkspaceService workspaces, WorkspaceDeletion workspaceDeletion)
{
    public const string DeletedName = "deleted-agent";

    public async Task<ErasureReport> EraseAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var agent = (await store.ReadAsync<Agent>(Containers.Agents, agentId.ToString(), agentId.ToString(), cancellationToken))?.Body
            ?? throw new NotFoundException("The agent");
        var owner = agentId.ToString();

        var experienceCount = 0;
        await foreach (var experience in AllAsync<Experience>(Containers.Experiences, [Filter.Eq(Experience.Fields.Kind, Experience.DocumentKind), Filter.Eq(Experience.Fields.OwnerId, agentId)], cancellationToken))
        {
            await experiences.RemoveAsync(experience, cancellationToken);
            experienceCount++;
        }
        var sessionCount = 0;
        await foreach (var session in AllAsync<Session>(Containers.Sessions, [Filter.Eq(Session.Fields.Kind, Session.DocumentKind), Filter.Eq(Session.Fields.OwnerId, agentId)], cancellationToken))
        {
            await sessions.RemoveAsync(session, cancellationToken);
            sessionCount++;
        }
        var anonymised = 0;
        await foreach (var contribution in AllDocumentsAsync<Contribution>(Containers.Sessions, [Filter.Eq(Contribution.Fields.Kind, Contribution.DocumentKind), Filter.Eq(Contribution.Fields.AgentId, agentId)], cancellationToken))
        {
            await store.UpsertAsync(Containers.Sessions, contribution.PartitionKey, contribution.Id,
                contribution.Body with { AgentId = Guid.Empty, AgentUsername = DeletedName }, null, cancellationToken);
            anonymised++;
        }

        var engramCount = 0;
        await foreach (var pointer in AllDocumentsAsync<EngramPointer>(Containers.EngramOwners, [], cancellationToken, owner))
        {
            await engrams.RemoveAsync(agentId, pointer.Id, pointer.Body.Scope,
                (await store.ReadAsync<StoredEngram>(Containers.Engrams, pointer.Body.Scope, StoredEngram.DocumentId(agentId, pointer.Id), cancellationToken))?.Body, cancellationToken);
            engramCount++;
        }
        var clipboardCount = await clipboard.ClearAsync(agentId, cancellationToken);
        var memoryCount = 0;
        await foreach (var memory in AllDocumentsAsync<MemoryItem>(Containers.Memories, [Filter.Eq(MemoryItem.Fields.Kind, MemoryItem.DocumentKind)], cancellationToken, owner))
        {
            await memoryIndex.RemoveAsync(memory.Body.Id, cancellationToken);
            memoryCount++;
        }
        await store.DeleteAllAsync(Containers.Memories, owner, cancellationToken); // memories with their history
        await store.DeleteAllAsync(Containers.MemorySessions, owner, cancellationToken);
        await store.DeleteAllAsync(Containers.Clipboard, owner, cancellationToken); // the stack counter and any orphaned chunks

        var workspaceCount = 0;
        foreach (var workspaceId in await workspaces.ListedWorkspaceIdsAsync(agentId, 1000, cancellationToken))
        {
            switch (await workspaceDeletion.TryDeleteAsync(agentId, workspaceId, cancellationToken))
            {
                case WorkspaceDeletionOutcome.Deleted:
                    workspaceCount++;
                    break;
                case WorkspaceDeletionOutcome.NotOwner:
                    await workspaces.RemoveMemberAsync(agentId, workspaceId, agentId, cancellationToken); // a member leaves
                    break;
                case WorkspaceDeletionOutcome.NotFound:
                    await store.DeleteAsync(Containers.AgentWorkspaces, owner, workspaceId.ToString(), null, cancellationToken);
                    break;
            }
        }
        await store.DeleteAllAsync(Containers.Inbox, owner, cancellationToken);
        // Its webhooks stop; deliveries still queued for them are dead-lettered by the dispatcher ("subscription deleted").
        await store.DeleteAllAsync(Containers.Webhooks, owner, cancellationToken);
        await store.DeleteAllAsync(Containers.InboundEvents, owner, cancellationToken);

        var handle = agent.Username.ToLowerInvariant();
        await store.DeleteAsync(Containers.Agents, owner, owner, null, cancellationToken);
        await store.DeleteAsync(Containers.ApiKeys, agent.KeyHash, agent.KeyHash, null, cancellationToken);
        await store.DeleteAsync(Containers.Usernames, handle, handle, null, cancellationToken);
        return new ErasureReport(agentId, experienceCount, sessionCount, anonymised, engramCount, memoryCount, clipboardCount, workspaceCount);
    }

    private async IAsyncEnumerable<T> AllAsync<T>(string container, IReadOnlyList<Filter> filters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var document in AllDocumentsAsync<T>(container, filters, cancellationToken))
        {
            yield return document.Body;
        }
    }

    // Collected first, then handed out: the caller deletes or rewrites what it gets, which would move a live cursor.
    private async IAsyncEnumerable<Document<T>> AllDocumentsAsync<T>(string container, IReadOnlyList<Filter> filters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, string? partitionKey = null)
    {
        var all = new List<Document<T>>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<T>(new DocumentQuery(container) { PartitionKey = partitionKey, Filters = filters, Limit = 100, ContinuationToken = cursor }, cancellationToken);
            all.AddRange(page.Items);
            cursor = page.ContinuationToken;
        }
        while (cursor is not null);
        foreach (var document in all)
        {
            yield return document;
        }
    }
}

/// <summary>What DELETE /agents/me removed (counts) and anonymised.</summary>
public sealed record ErasureReport(
    Guid AgentId, int ExperiencesDeleted, int SessionsDeleted, int ContributionsAnonymised, int EngramsDeleted, int MemoriesDeleted,
    int ClipboardEntriesDeleted, int WorkspacesDeleted);
