using Cairn.Clipboard;
using Cairn.Errors;

namespace Cairn.Mcp.Tools;

// plugged.in's clipboard listing (limit + offset, content-type filter) and clear-all, over Cairn's cursor-paged
// service.
internal static class PluggedInClipboard
{
    public static async Task<PluggedInClipboardPage> PageAsync(ClipboardService clipboard, Guid agentId, McpArguments arguments, CancellationToken cancellationToken)
    {
        var limit = arguments.Get<int?>("limit") ?? 50;
        var offset = arguments.Get<int?>("offset") ?? 0;
        var contentType = arguments.Get<string>("contentType");
        new Validator().Range("limit", limit, 1, 100).Range("offset", offset, 0, 10_000).ThrowIfInvalid();
        var entries = new List<ClipboardEntrySummary>();
        var skipped = 0;
        string? cursor = null;
        do
        {
            var page = await clipboard.ListAsync(agentId, null, null, 100, cursor, cancellationToken);
            foreach (var entry in page.Entries.Where(e => contentType is null || e.ContentType == contentType))
            {
                if (skipped < offset)
                {
                    skipped++;
                }
                else if (entries.Count <= limit)
                {
                    entries.Add(entry);
                }
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null && entries.Count <= limit);
        var hasMore = entries.Count > limit;
        return new PluggedInClipboardPage([.. entries.Take(limit)], limit, offset, hasMore);
    }

    public static async Task<PluggedInDeleted> DeleteAsync(ClipboardService clipboard, Guid agentId, McpArguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.Get<bool?>("clearAll") != true)
        {
            await clipboard.DeleteAsync(agentId, arguments.Get<string>("name"), arguments.Get<long?>("idx"), cancellationToken);
            return new PluggedInDeleted(true, 1);
        }
        if (arguments.Get<string>("name") is not null || arguments.Get<long?>("idx") is not null)
        {
            throw ApiProblem.Validation("clearAll", "give name or idx, or clearAll, not both.");
        }
        var deleted = await clipboard.ClearAsync(agentId, cancellationToken);
        return new PluggedInDeleted(true, deleted);
    }
}

public sealed record PluggedInClipboardPage(IReadOnlyList<ClipboardEntrySummary> Entries, int Limit, int Offset, bool HasMore);

public sealed record PluggedInDeleted(bool Deleted, int Count);
