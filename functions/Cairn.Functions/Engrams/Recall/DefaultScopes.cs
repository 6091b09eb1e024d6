using Cairn.Storage;
using Cairn.Workspaces;

namespace Cairn.Engrams.Recall;

// The scope context of a recall that names none: every scope the caller keeps engrams in, the workspaces it belongs to,
// and global — what an agent means by "what do I know about this". Capped at MaxScopes.
public sealed class DefaultScopes(IDocumentStore store, WorkspaceService workspaces)
{
    // Pointers read to find the caller's scopes: one page of its own partition.
    private const int PointersRead = 1000;

    public async Task<IReadOnlyList<string>> ForAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var pointers = await store.QueryAsync<EngramPointer>(new DocumentQuery(Containers.EngramOwners) { PartitionKey = agentId.ToString(), Limit = PointersRead }, cancellationToken);
        var own = pointers.Items.Select(p => p.Body.Scope);
        var shared = (await workspaces.ListedWorkspaceIdsAsync(agentId, RecallService.MaxScopes, cancellationToken)).Select(id => $"{ScopeMembership.WorkspacePrefix}{id}");
        return [.. own.Concat(shared).Distinct(StringComparer.Ordinal).OrderBy(Scopes.Rank).ThenBy(s => s, StringComparer.Ordinal).Take(RecallService.MaxScopes - 1)];
    }
}
