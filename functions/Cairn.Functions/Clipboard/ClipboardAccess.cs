using Cairn.Errors;
using Cairn.Workspaces;

namespace Cairn.Clipboard;

// Who may read whose entries: the owner always; anyone authenticated for public; for workspace, the entry's workspace
// must hold both the reader and the owner now (two point reads), so leaving or being removed ends the sharing at once.
// Everything else answers as if the entry did not exist.
public sealed class ClipboardAccess(WorkspaceService workspaces)
{
    // A listing for another owner considers at most this many of the reader's workspaces.
    private const int MaxWorkspaces = 1000;

    public async Task<bool> CanReadAsync(ClipboardDocument entry, Guid readerId, CancellationToken cancellationToken) =>
        entry.OwnerId == readerId
        || entry.Visibility == ClipboardValues.Public
        || (entry.Visibility == ClipboardValues.Workspace && entry.WorkspaceId is { } workspaceId
            && await SharedAsync(workspaceId, entry.OwnerId, readerId, cancellationToken));

    // An owner may share only into a workspace it belongs to.
    public async Task RequireWorkspaceAsync(PreparedEntry entry, Guid ownerId, CancellationToken cancellationToken)
    {
        if (entry.WorkspaceId is { } workspaceId && !await workspaces.IsMemberAsync(workspaceId, ownerId, cancellationToken))
        {
            throw new ValidationFailedException("workspace_id", "must be a workspace you are a member of.");
        }
    }

    // The audiences of another owner's entries that the reader may list, narrowed by an optional visibility.
    public async Task<IReadOnlyList<string>> AudiencesAsync(Guid readerId, string? visibility, CancellationToken cancellationToken)
    {
        var audiences = new List<string>();
        if (visibility is null or ClipboardValues.Public)
        {
            audiences.Add(ClipboardValues.Public);
        }
        if (visibility is null or ClipboardValues.Workspace)
        {
            var listed = await workspaces.ListedWorkspaceIdsAsync(readerId, MaxWorkspaces, cancellationToken);
            audiences.AddRange(listed.Select(ClipboardValues.WorkspaceAudience));
        }
        return audiences;
    }

    // Keeps the entries the reader may see; one membership check per distinct workspace.
    public async Task<IReadOnlyList<ClipboardDocument>> ReadableAsync(IEnumerable<ClipboardDocument> entries, Guid readerId, CancellationToken cancellationToken)
    {
        var shared = new Dictionary<Guid, bool>();
        var readable = new List<ClipboardDocument>();
        foreach (var entry in entries)
        {
            var ok = entry.OwnerId == readerId || entry.Visibility == ClipboardValues.Public;
            if (!ok && entry.Visibility == ClipboardValues.Workspace && entry.WorkspaceId is { } workspaceId && !shared.TryGetValue(workspaceId, out ok))
            {
                shared[workspaceId] = ok = await SharedAsync(workspaceId, entry.OwnerId, readerId, cancellationToken);
            }
            if (ok)
            {
                readable.Add(entry);
            }
        }
        return readable;
    }

    private async Task<bool> SharedAsync(Guid workspaceId, Guid ownerId, Guid readerId, CancellationToken cancellationToken) =>
        await workspaces.IsMemberAsync(workspaceId, readerId, cancellationToken) && await workspaces.IsMemberAsync(workspaceId, ownerId, cancellationToken);
}
