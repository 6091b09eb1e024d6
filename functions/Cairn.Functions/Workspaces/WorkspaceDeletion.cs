using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Workspaces;

// DELETE of a workspace by its owner: the invite stops admitting first, then every member's listing, then the workspace
// with its members. Entries shared with it are the sharers' own: they stay, visible to their owners only.
public sealed class WorkspaceDeletion(IDocumentStore store)
{
    public async Task DeleteAsync(Guid callerId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var partition = workspaceId.ToString();
        var workspace = await store.ReadAsync<Workspace>(Containers.Workspaces, partition, Workspace.DocumentId, cancellationToken);
        var member = workspace is null ? null : await store.ReadAsync<WorkspaceMember>(Containers.Workspaces, partition, WorkspaceMember.DocumentId(callerId), cancellationToken);
        if (workspace is null || member is null)
        {
            throw ApiProblem.NotFound("The workspace"); // non-members learn nothing from an id
        }
        if (workspace.Body.CreatedBy != callerId)
        {
            throw ApiProblem.Forbidden("Only the workspace owner can delete it; members can leave with DELETE …/members/{their id}.");
        }
        await store.DeleteAsync(Containers.WorkspaceInvites, workspace.Body.InviteHash, workspace.Body.InviteHash, null, cancellationToken);
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<WorkspaceMember>(new DocumentQuery(Containers.Workspaces)
            {
                PartitionKey = partition, Filters = [Filter.Eq("kind", WorkspaceMember.DocumentKind)], Limit = 100, ContinuationToken = cursor,
            }, cancellationToken);
            foreach (var m in page.Items)
            {
                await store.DeleteAsync(Containers.AgentWorkspaces, m.Body.AgentId.ToString(), partition, null, cancellationToken);
            }
            cursor = page.ContinuationToken;
        }
        while (cursor is not null);
        await store.DeleteAllAsync(Containers.Workspaces, partition, cancellationToken);
    }
}
