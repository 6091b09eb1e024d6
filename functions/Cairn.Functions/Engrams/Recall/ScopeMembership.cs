using Cairn.Workspaces;

namespace Cairn.Engrams.Recall;

// Whether an agent belongs to a members-only scope. workspace:{id} scopes are checked against the workspace's members
// (one point read): only members read others' engrams there, and only members write there.
public sealed class ScopeMembership(WorkspaceService workspaces)
{
    public const string WorkspacePrefix = "workspace:";

    public async Task<bool> IsMemberAsync(Guid agentId, string scope, CancellationToken cancellationToken) =>
        Scopes.Reach(scope) != ScopeReach.Members
        || (Guid.TryParse(scope.AsSpan(WorkspacePrefix.Length), out var workspaceId) && await workspaces.IsMemberAsync(workspaceId, agentId, cancellationToken));

    // Refuses a write into a members-only scope by a non-member, naming the scope.
    public async Task RequireMemberAsync(Guid agentId, string scope, CancellationToken cancellationToken)
    {
        if (!await IsMemberAsync(agentId, scope, cancellationToken))
        {
            throw new Errors.ForbiddenException($"Only members of the workspace may keep engrams in '{scope}'; join it first (POST /api/v1/workspaces/join).");
        }
    }
}
