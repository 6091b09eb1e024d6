using System.Text.Json.Nodes;
using Cairn.Agents;
using Cairn.Clipboard;
using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Memory;
using Cairn.Serialization;
using Cairn.Storage;

namespace Cairn.Privacy;

/// <summary>
/// GET /agents/me/export: everything the agent owns as one JSON document — its profile, sessions with entries,
/// experiences with their versions, contributions it made, engrams (PLUR JSON), memories and memory sessions, clipboard
/// entries with their values, workspaces and inbox. Keys are never exported (only their hashes exist).
/// </summary>
public sealed class AgentExport(IDocumentStore store, ClipboardService clipboard, TimeProvider clock)
{
    public async Task<JsonObject> ExportAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var owner = agentId.ToString();
        var agent = (await store.ReadAsync<Agent>(Containers.Agents, owner, owner, cancellationToken))?.Body ?? throw new Errors.NotFoundException("The agent");
        var sessions = new JsonArray();
        foreach (var session in await AllAsync(Containers.Sessions, [Filter.Eq(Session.Fields.Kind, Session.DocumentKind), Filter.Eq(Session.Fields.OwnerId, agentId)], null, cancellationToken))
        {
            var id = (string)session["id"]!;
            session["entries"] = new JsonArray([.. await AllAsync(Containers.Sessions, [Filter.Eq(SessionEntry.Fields.Kind, SessionEntry.DocumentKind)], id, cancellationToken)]);
            session["contributions"] = new JsonArray([.. await AllAsync(Containers.Sessions, [Filter.Eq(Contribution.Fields.Kind, Contribution.DocumentKind)], id, cancellationToken)]);
            sessions.Add(session);
        }
        var experiences = new JsonArray();
        foreach (var experience in await AllAsync(Containers.Experiences, [Filter.Eq(Experience.Fields.Kind, Experience.DocumentKind), Filter.Eq(Experience.Fields.OwnerId, agentId)], null, cancellationToken))
        {
            experience["versions"] = new JsonArray([.. await AllAsync(Containers.Experiences, [Filter.Eq(ExperienceVersion.Fields.Kind, ExperienceVersion.DocumentKind)], (string)experience["id"]!, cancellationToken)]);
            experiences.Add(experience);
        }
        var engrams = new JsonArray();
        foreach (var pointer in await AllAsync(Containers.EngramOwners, [], owner, cancellationToken))
        {
            var scope = (string)pointer["scope"]!;
            var stored = await store.ReadAsync<JsonObject>(Containers.Engrams, scope, $"{agentId:N}:{(string)pointer["id"]!}", cancellationToken);
            if (stored?.Body["engram"] is JsonValue text && (string?)text is { } json)
            {
                engrams.Add(JsonNode.Parse(json));
            }
        }
        var clipboardEntries = new JsonArray();
        string? cursor = null;
        do
        {
            var page = await clipboard.ListAsync(agentId, null, null, 100, cursor, cancellationToken);
            foreach (var entry in page.Entries)
            {
                var full = await clipboard.GetAsync(agentId, new GetEntryRequest(entry.Name, entry.Name is null ? entry.Idx : null, null), cancellationToken);
                clipboardEntries.Add(JsonSerializer(full));
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return new JsonObject
        {
            ["format"] = "cairn-export/1",
            ["exported_at"] = clock.GetUtcNow(),
            ["agent"] = JsonSerializer(AgentResponse.From(agent)),
            ["sessions"] = sessions,
            ["experiences"] = experiences,
            ["contributions"] = new JsonArray([.. await AllAsync(Containers.Sessions, [Filter.Eq(Contribution.Fields.Kind, Contribution.DocumentKind), Filter.Eq(Contribution.Fields.AgentId, agentId)], null, cancellationToken)]),
            ["engrams"] = engrams,
            ["memory_sessions"] = new JsonArray([.. await AllAsync(Containers.MemorySessions, [], owner, cancellationToken)]),
            ["memories"] = new JsonArray([.. await AllAsync(Containers.Memories, [Filter.Eq(MemoryItem.Fields.Kind, MemoryItem.DocumentKind)], owner, cancellationToken)]),
            ["clipboard"] = clipboardEntries,
            ["workspaces"] = new JsonArray([.. await AllAsync(Containers.AgentWorkspaces, [], owner, cancellationToken)]),
            ["inbox"] = new JsonArray([.. await AllAsync(Containers.Inbox, [], owner, cancellationToken)]),
        };
    }

    private static JsonNode JsonSerializer<T>(T value) => System.Text.Json.JsonSerializer.SerializeToNode(value, CairnJson.Options)!;

    /// <summary>Every document a query finds, each with its id (<c>id</c>) added when its body lacks one.</summary>
    private async Task<List<JsonObject>> AllAsync(string container, IReadOnlyList<Filter> filters, string? partitionKey, CancellationToken cancellationToken)
    {
        var all = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<JsonObject>(new DocumentQuery(container) { PartitionKey = partitionKey, Filters = filters, Limit = 100, ContinuationToken = cursor }, cancellationToken);
            foreach (var document in page.Items)
            {
                var body = document.Body;
                body.TryAdd("id", document.Id);
                all.Add(body);
            }
            cursor = page.ContinuationToken;
        }
        while (cursor is not null);
        return all;
    }
}
