using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Workspaces;

// DELETE of a workspace by its owner: the invite stops admitting first, then every member's listing, then the workspace
// with its members. Entries shared with it are the sharers' own: they stay, visible to their owners only.
public sealed class WorkspaceDeletion(IDocumentStore store)
{
    public async Task DeleteAsync(Guid callerId, Guid workspaceId, CancellationToken cancellationToken)
    {
        switch (await TryDeleteAsync(callerId, workspaceId, cancellationToken))
        {
            case WorkspaceDeletionOutcome.NotFound:
                throw new NotFoundException("The workspace"); // non-members learn nothing from an id
            case WorkspaceDeletionOutcome.NotOwner:
                throw new ForbiddenException("Only the workspace owner can delete it; members can leave with DELETE …/members/{their id}.");
        }
    }

    // The same deletion for callers that decide what to do next (an erasure leaves what it does not own).
    public async Task<WorkspaceDeletionOutcome> TryDeleteAsync(Guid callerId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var partition = workspaceId.ToString();
        var workspace = await store.ReadAsync<Workspace>(Containers.Workspaces, partition, Workspace.DocumentId, cancellationToken);
        var member = workspace is null ? null : await store.ReadAsync<WorkspaceMember>(Containers.Workspaces, partition, WorkspaceMember.DocumentId(callerId), cancellationToken);
        if (workspace is null || member is null)
        {
            return WorkspaceDeletionOutcome.NotFound;
        }
        if (workspace.Body.CreatedBy != callerId)
        {
            return WorkspaceDeletionOutcome.NotOwner;
        }
        await store.DeleteAsync(Containers.WorkspaceInvites, workspace.Body.InviteHash, workspace.Body.InviteHash, null, cancellationToken);
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<WorkspaceMember>(new DocumentQuery(Containers.Workspaces)
            {
                PartitionKey = partition, Filters = [Filter.Eq(WorkspaceMember.Fields.Kind, WorkspaceMember.DocumentKind)], Limit = 100, ContinuationToken = cursor,
            }, cancellationToken);
            foreach (var m in page.Items)
            {
                await store.DeleteAsync(Containers.AgentWorkspaces, m.Body.AgentId.ToString(), partition, null, cancellationToken);
            }
            cursor = page.ContinuationToken;
        }
        while (cursor is not null);
        await store.DeleteAllAsync(Containers.Workspaces, partition, cancellationToken);
        return WorkspaceDeletionOutcome.Deleted;
    }
}

public enum WorkspaceDeletionOutcome
{
    Deleted,

    // The caller is a member but not the owner.
    NotOwner,

    // No such workspace, or the caller is not a member of it.
    NotFound,
}
