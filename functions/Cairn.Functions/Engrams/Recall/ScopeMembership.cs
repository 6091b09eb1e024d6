namespace Cairn.Engrams.Recall;

/// <summary>
/// Whether an agent belongs to a group or workspace scope, for recalling other agents' engrams there.
/// SEAM(workspaces): workspaces (Workspaces/, branch clipboard) are not on main yet, so group and workspace scopes are
/// opaque strings whose membership the caller asserts by naming them. When workspaces land, answer
/// <c>workspace:{id}</c> with WorkspaceService's membership point read, and decide how <c>group:</c> maps onto them.
/// </summary>
public sealed class ScopeMembership
{
    public Task<bool> IsMemberAsync(Guid agentId, string scope, CancellationToken cancellationToken) => Task.FromResult(true);
}
