using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Storage;

namespace Cairn.Engrams.Entities;

/// <summary>
/// <c>GET /engrams?entity=</c>: the owner's engrams with an entity of that name (case-insensitive), by id. Pointers
/// are read a page at a time and their engrams checked, so a page may hold fewer than <c>limit</c>: follow
/// <c>next_cursor</c>. At most <see cref="MaxScanned"/> engrams are read per request.
/// </summary>
public static class EntityFilter
{
    public const int MaxScanned = 1000;

    public static async Task<EngramListResponse> ListAsync(EngramReader reader, EngramStore store, Guid ownerId, string? status, string entity, int limit,
        string? cursor, CancellationToken cancellationToken)
    {
        var matches = new List<EngramResponse>();
        var scanned = 0;
        var now = reader.Now();
        do
        {
            var page = await store.PointersAsync(ownerId, status, Math.Min(limit - matches.Count, 100), cursor, cancellationToken);
            scanned += page.Items.Count;
            var reads = await Task.WhenAll(page.Items.Select(pointer => store.ReadAsync(pointer.Body.Scope, ownerId, pointer.Id, cancellationToken)));
            foreach (var document in reads.OfType<Document<StoredEngram>>())
            {
                var engram = document.Body.Parse();
                if (Names(engram).Contains(entity, StringComparer.OrdinalIgnoreCase))
                {
                    matches.Add(new EngramResponse(engram.Json, reader.Meta(document.Body, now)));
                }
            }
            cursor = page.ContinuationToken;
        }
        while (cursor is not null && matches.Count < limit && scanned < MaxScanned);
        return new EngramListResponse(matches, cursor);
    }

    public static IEnumerable<string> Names(Engram engram) =>
        engram.Json["entities"] is JsonArray entities
            ? entities.OfType<JsonObject>().Select(e => e["name"]).OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())
            : [];
}
