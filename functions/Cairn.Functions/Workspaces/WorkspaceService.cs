using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Workspaces;

// Workspaces and their members. There is no transaction across documents, so every multi-document change writes the
// authoritative document (workspace, member) first and the derived ones (the agent's list, the invite pointer) after,
// and every operation can be retried: creating a member that exists, or deleting one that is gone, is not an error.
public sealed class WorkspaceService(IDocumentStore store, TimeProvider clock)
{
    private const string InvalidInvite = "The invite code is not valid; it may have been replaced. Ask the workspace owner for the current one.";

    public async Task<CreatedWorkspaceResponse> CreateAsync(Guid agentId, string username, CreateWorkspaceRequest request, CancellationToken cancellationToken)
    {
        new Validator().Required("name", request.Name).Length("name", request.Name?.Trim(), 1, 100).Label("name", request.Name?.Trim()).ThrowIfInvalid();
        Safety.ContentScanner.ThrowIfSensitive(Safety.ContentScanner.Scan("name", request.Name));

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var code = InviteCodes.Generate();
        var hash = InviteCodes.Hash(code);
        var workspace = new Workspace(id, request.Name!.Trim(), agentId, now, hash);
        var partition = id.ToString();
        await store.CreateAsync(Containers.Workspaces, partition, Workspace.DocumentId, workspace, null, cancellationToken);
        await store.CreateAsync(Containers.Workspaces, partition, WorkspaceMember.DocumentId(agentId),
            new WorkspaceMember(id, agentId, username, WorkspaceMember.Owner, now), null, cancellationToken);
        await store.UpsertAsync(Containers.AgentWorkspaces, agentId.ToString(), partition,
            new AgentWorkspace(id, workspace.Name, WorkspaceMember.Owner, now), null, cancellationToken);
        await store.CreateAsync(Containers.WorkspaceInvites, hash, hash, new WorkspaceInvite(id, now), null, cancellationToken);
        return new CreatedWorkspaceResponse(id, workspace.Name, agentId, now, WorkspaceMember.Owner, code,
            "Workspace created. Share the invite code only with agents that should join; the owner can replace it at any time.");
    }

    public async Task<WorkspaceResponse> JoinAsync(Guid agentId, string username, JoinWorkspaceRequest request, CancellationToken cancellationToken)
    {
        new Validator().Required("invite_code", request.InviteCode).ThrowIfInvalid();
        var code = request.InviteCode!.Trim();
        if (!InviteCodes.LooksLikeCode(code))
        {
            throw new NotFoundException("invalid_invite", InvalidInvite);
        }
        var hash = InviteCodes.Hash(code);
        var invite = await store.ReadAsync<WorkspaceInvite>(Containers.WorkspaceInvites, hash, hash, cancellationToken);
        var workspace = invite is null ? null : await FindAsync(invite.Body.WorkspaceId, cancellationToken);
        // Only the workspace's current code admits: a replaced code fails at once even if its pointer still exists.
        if (workspace is null || !InviteCodes.SameHash(workspace.InviteHash, hash))
        {
            throw new NotFoundException("invalid_invite", InvalidInvite);
        }

        var member = new WorkspaceMember(workspace.Id, agentId, username, WorkspaceMember.Member, clock.GetUtcNow());
        try
        {
            await store.CreateAsync(Containers.Workspaces, workspace.Id.ToString(), WorkspaceMember.DocumentId(agentId), member, null, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            // Already a member (or a retry of this join): keep the original role and date.
            member = await FindMemberAsync(workspace.Id, agentId, cancellationToken) ?? member;
        }
        await store.UpsertAsync(Containers.AgentWorkspaces, agentId.ToString(), workspace.Id.ToString(),
            new AgentWorkspace(workspace.Id, workspace.Name, member.Role, member.JoinedAt), null, cancellationToken);
        return WorkspaceResponse.From(workspace, member.Role);
    }

    public async Task<WorkspaceResponse> GetAsync(Guid agentId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var member = await RequireMemberAsync(workspaceId, agentId, cancellationToken);
        var workspace = await FindAsync(workspaceId, cancellationToken) ?? throw new NotFoundException("The workspace");
        return WorkspaceResponse.From(workspace, member.Role);
    }

    public async Task<WorkspaceListResponse> ListMineAsync(Guid agentId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        new Validator().Range("limit", limit, 1, 100).ThrowIfInvalid();
        var page = await store.QueryAsync<AgentWorkspace>(new DocumentQuery(Containers.AgentWorkspaces)
        {
            PartitionKey = agentId.ToString(),
            OrderBy = AgentWorkspace.Fields.JoinedAt,
            Limit = limit ?? 50,
            ContinuationToken = cursor,
        }, cancellationToken);
        var items = page.Items.Select(d => new AgentWorkspaceResponse(d.Body.WorkspaceId, d.Body.Name, d.Body.Role, d.Body.JoinedAt)).ToList();
        return new WorkspaceListResponse(items, page.ContinuationToken);
    }

    public async Task<MemberListResponse> ListMembersAsync(Guid agentId, Guid workspaceId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        new Validator().Range("limit", limit, 1, 100).ThrowIfInvalid();
        await RequireMemberAsync(workspaceId, agentId, cancellationToken);
        var page = await store.QueryAsync<WorkspaceMember>(new DocumentQuery(Containers.Workspaces)
        {
            PartitionKey = workspaceId.ToString(),
            Filters = [Filter.Eq(WorkspaceMember.Fields.Kind, WorkspaceMember.DocumentKind)],
            OrderBy = WorkspaceMember.Fields.JoinedAt,
            Limit = limit ?? 50,
            ContinuationToken = cursor,
        }, cancellationToken);
        return new MemberListResponse(page.Items.Select(d => MemberResponse.From(d.Body)).ToList(), page.ContinuationToken);
    }

    // The owner removes anyone but itself; any member may remove itself (leave).
    public async Task RemoveMemberAsync(Guid callerId, Guid workspaceId, Guid memberId, CancellationToken cancellationToken)
    {
        var workspace = await FindAsync(workspaceId, cancellationToken);
        if (workspace is null || (workspace.CreatedBy != callerId && await FindMemberAsync(workspaceId, callerId, cancellationToken) is null))
        {
            throw new NotFoundException("The workspace");
        }
        if (memberId == workspace.CreatedBy)
        {
            throw new ConflictException("owner_cannot_leave", "The owner of a workspace cannot be removed from it.");
        }
        if (callerId != workspace.CreatedBy && callerId != memberId)
        {
            throw new ForbiddenException("Only the workspace owner can remove other members.");
        }
        var partition = workspaceId.ToString();
        var removed = await store.DeleteAsync(Containers.Workspaces, partition, WorkspaceMember.DocumentId(memberId), null, cancellationToken);
        // Deleted even when the member document is already gone, so a retry after a failure here finishes the job.
        var unlisted = await store.DeleteAsync(Containers.AgentWorkspaces, memberId.ToString(), partition, null, cancellationToken);
        if (!removed && !unlisted)
        {
            throw new NotFoundException("The member");
        }
    }

    // Issues a new invite code; the old one stops admitting at once.
    public async Task<InviteCodeResponse> RotateInviteAsync(Guid callerId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var current = await store.ReadAsync<Workspace>(Containers.Workspaces, workspaceId.ToString(), Workspace.DocumentId, cancellationToken);
        if (current is null || (current.Body.CreatedBy != callerId && await FindMemberAsync(workspaceId, callerId, cancellationToken) is null))
        {
            throw new NotFoundException("The workspace");
        }
        if (current.Body.CreatedBy != callerId)
        {
            throw new ForbiddenException("Only the workspace owner can replace the invite code.");
        }
        var code = InviteCodes.Generate();
        var hash = InviteCodes.Hash(code);
        await store.CreateAsync(Containers.WorkspaceInvites, hash, hash, new WorkspaceInvite(workspaceId, clock.GetUtcNow()), null, cancellationToken);
        try
        {
            await store.ReplaceAsync(Containers.Workspaces, workspaceId.ToString(), Workspace.DocumentId,
                current.Body with { InviteHash = hash }, current.ETag, null, cancellationToken);
        }
        catch (DocumentPreconditionFailedException)
        {
            await store.DeleteAsync(Containers.WorkspaceInvites, hash, hash, null, CancellationToken.None);
            throw new ConflictException("concurrent_update", "The invite code was replaced by another request at the same time; retry.");
        }
        await store.DeleteAsync(Containers.WorkspaceInvites, current.Body.InviteHash, current.Body.InviteHash, null, cancellationToken);
        return new InviteCodeResponse(workspaceId, code, "Invite code replaced. The old code no longer admits anyone.");
    }

    // Whether the agent is a member of the workspace now: one point read.
    public async Task<bool> IsMemberAsync(Guid workspaceId, Guid agentId, CancellationToken cancellationToken) =>
        await FindMemberAsync(workspaceId, agentId, cancellationToken) is not null;

    // Ids of up to max workspaces from the agent's own list (confirm membership with IsMemberAsync).
    public async Task<IReadOnlyList<Guid>> ListedWorkspaceIdsAsync(Guid agentId, int max, CancellationToken cancellationToken)
    {
        var page = await store.QueryAsync<AgentWorkspace>(new DocumentQuery(Containers.AgentWorkspaces) { PartitionKey = agentId.ToString(), Limit = max }, cancellationToken);
        return page.Items.Select(d => d.Body.WorkspaceId).ToList();
    }

    private async Task<WorkspaceMember> RequireMemberAsync(Guid workspaceId, Guid agentId, CancellationToken cancellationToken) =>
        // Non-members get the same answer as for a workspace that does not exist, so ids reveal nothing.
        await FindMemberAsync(workspaceId, agentId, cancellationToken) ?? throw new NotFoundException("The workspace");

    private async Task<Workspace?> FindAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (await store.ReadAsync<Workspace>(Containers.Workspaces, workspaceId.ToString(), Workspace.DocumentId, cancellationToken))?.Body;

    private async Task<WorkspaceMember?> FindMemberAsync(Guid workspaceId, Guid agentId, CancellationToken cancellationToken) =>
        (await store.ReadAsync<WorkspaceMember>(Containers.Workspaces, workspaceId.ToString(), WorkspaceMember.DocumentId(agentId), cancellationToken))?.Body;
}
