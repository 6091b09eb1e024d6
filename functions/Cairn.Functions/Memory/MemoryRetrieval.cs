using System.Text.Json;
using Cairn.Engrams;
using Cairn.Errors;
using Cairn.Serialization;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Memory;

/// <summary>
/// Progressive retrieval (docs/memory.md, "Progressive retrieval"). Layer 1: essence (or summary) per hit, with ids.
/// Layer 2: plus the timeline — when, which session, the observations around it. Layer 3: full content and details;
/// reading a memory at layer 3 is an access, which restarts its decay timer. Every response reports its token cost.
/// </summary>
public sealed class MemoryRetrieval(MemoryStore memories, MemoryIndex index, IDocumentStore store, IOptions<MemoryOptions> options, TimeProvider clock)
{
    public const string TokenRule = Engrams.Tokens.Rule + " of the results as sent (JSON)";
    private const int RelatedEachSide = 2;
    private static readonly string[] Details = ["essence", "summary"];

    public async Task<MemorySearchResponse> SearchAsync(Guid agentId, MemorySearchRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var layer = request.Layer ?? 1;
        var rings = request.Rings?.Distinct().ToList() ?? [];
        var wanted = new List<(Guid Id, double? Score)>();
        wanted.AddRange((request.Ids ?? []).Distinct().Select(id => (id, (double?)null)));
        if (!string.IsNullOrWhiteSpace(request.Query))
        {
            var hits = await index.SearchAsync(agentId, request.Query, rings, request.Limit ?? 10, cancellationToken);
            wanted.AddRange(hits.Where(h => wanted.All(w => w.Id != h.Id)).Select(h => (h.Id, (double?)h.Score)));
        }

        // The index may lag a change; the stored memory (read in the caller's partition only) has the final word.
        var stored = (await memories.ReadManyAsync(agentId, wanted.Select(w => w.Id).ToList(), cancellationToken)).ToDictionary(d => d.Body.Id, d => d.Body);
        var found = wanted.Where(w => stored.TryGetValue(w.Id, out var m) && (rings.Count == 0 || rings.Contains(m.Ring)))
            .Select(w => (Memory: stored[w.Id], w.Score)).ToList();

        var results = layer switch
        {
            1 => found.Select(f => Layer1(f.Memory, f.Score, request.Detail)).ToList(),
            2 => await Layer2Async(agentId, found, request.Detail, cancellationToken),
            _ => await Layer3Async(found, cancellationToken),
        };
        return new MemorySearchResponse(layer, results, results.Count, Cost(results), TokenRule);
    }

    /// <summary>One memory at layer 3 (an access).</summary>
    public async Task<MemoryHitResponse> DetailsAsync(Guid agentId, Guid id, CancellationToken cancellationToken)
    {
        var memory = (await memories.ReadAsync(agentId, id, cancellationToken))?.Body ?? throw new NotFoundException($"Memory '{id}'");
        return (await Layer3Async([(memory, null)], cancellationToken)).Single();
    }

    private static MemoryHitResponse Layer1(MemoryItem m, double? score, string? detail)
    {
        var summary = detail == "summary";
        var text = summary ? m.Summary : m.Essence;
        return new MemoryHitResponse(m.Id, m.Ring, m.Stage, Tokens.Estimate(text))
        {
            Score = score is { } s ? Math.Round(s, 4) : null,
            ContentEssence = summary ? null : text,
            ContentSummary = summary ? text : null,
        };
    }

    private async Task<List<MemoryHitResponse>> Layer2Async(Guid agentId, List<(MemoryItem Memory, double? Score)> found, string? detail, CancellationToken cancellationToken)
    {
        var sessions = new Dictionary<Guid, (MemorySession? Session, IReadOnlyList<MemoryItem> Memories)>();
        foreach (var sessionId in found.Select(f => f.Memory.SessionId).OfType<Guid>().Distinct())
        {
            var session = await store.ReadAsync<MemorySession>(Containers.MemorySessions, agentId.ToString(), sessionId.ToString(), cancellationToken);
            sessions[sessionId] = (session?.Body, await memories.OfSessionAsync(agentId, sessionId, MemoryLimits.ObservationsPerSession, cancellationToken));
        }
        return found.Select(f =>
        {
            var m = f.Memory;
            TimelineSession? session = null;
            IReadOnlyList<RelatedMemory> related = [];
            if (m.SessionId is { } sid && sessions.TryGetValue(sid, out var context))
            {
                session = context.Session is { } s ? new TimelineSession(s.Id, s.Title, s.StartedAt, s.EndedAt) : null;
                related = Around(context.Memories, m);
            }
            return Layer1(m, f.Score, detail) with
            {
                Timeline = new TimelineResponse(m.CreatedAt, m.LastAccessedAt, m.StageChangedAt, MemoryDates.OrNull(m.DueAt), session, related),
            };
        }).ToList();
    }

    /// <summary>Up to two memories of the same session observed just before, and two just after.</summary>
    private static List<RelatedMemory> Around(IReadOnlyList<MemoryItem> ofSession, MemoryItem memory)
    {
        var others = ofSession.Where(o => o.Id != memory.Id).ToList();
        var before = others.Where(o => o.CreatedAt <= memory.CreatedAt).TakeLast(RelatedEachSide);
        var after = others.Where(o => o.CreatedAt > memory.CreatedAt).Take(RelatedEachSide);
        return before.Concat(after).Select(o => new RelatedMemory(o.Id, o.Ring, o.CreatedAt, o.Essence)).ToList();
    }

    private async Task<List<MemoryHitResponse>> Layer3Async(List<(MemoryItem Memory, double? Score)> found, CancellationToken cancellationToken)
    {
        var results = new List<MemoryHitResponse>(found.Count);
        foreach (var (memory, score) in found)
        {
            var m = await RecordAccessAsync(memory, cancellationToken) ?? memory;
            results.Add(new MemoryHitResponse(m.Id, m.Ring, m.Stage, Tokens.Estimate(m.Content))
            {
                Score = score is { } s ? Math.Round(s, 4) : null,
                ContentEssence = m.Essence,
                ContentFull = m.Content,
                Details = new MemoryDetailsResponse(m.SessionId, m.Source, m.Type, m.ToolName, OutcomeCounts.From(m.Outcomes), m.Reinforcements, m.AccessCount,
                    m.OriginalTokens, m.CreatedAt, m.LastAccessedAt, MemoryDates.OrNull(m.DueAt), Math.Round(Decay.Modifier(m), 4), m.Value),
            });
        }
        return results;
    }

    /// <summary>An access restarts the decay timer and counts towards slower decay (docs/memory.md, "Decay").</summary>
    private Task<MemoryItem?> RecordAccessAsync(MemoryItem memory, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return memories.MutateAsync(memory.AgentId, memory.Id, m => Decay.Refresh(m with
        {
            AccessCount = m.AccessCount + 1, LastAccessedAt = now, DecayAnchorAt = now, UpdatedAt = now,
        }, options.Value.BufferTtl), cancellationToken);
    }

    private static int Cost(IReadOnlyList<MemoryHitResponse> results) =>
        Tokens.Estimate(JsonSerializer.Serialize(results, CairnJson.Options));

    private static void Validate(MemorySearchRequest request)
    {
        var v = new Validator()
            .Range("layer", request.Layer, 1, 3)
            .Length("query", request.Query, 0, MemoryLimits.Query)
            .Range("limit", request.Limit, 1, MemoryLimits.SearchLimit)
            .OneOf("detail", request.Detail, Details);
        if (string.IsNullOrWhiteSpace(request.Query) && (request.Ids is null || request.Ids.Count == 0))
        {
            v.Add("query", "is required unless ids are given.");
        }
        if (request.Ids?.Count > MemoryLimits.Ids)
        {
            v.Add("ids", $"must have at most {MemoryLimits.Ids} items.");
        }
        for (var i = 0; i < (request.Rings?.Count ?? 0); i++)
        {
            v.Required($"rings[{i}]", request.Rings![i]).OneOf($"rings[{i}]", request.Rings[i], Rings.All);
        }
        v.ThrowIfInvalid();
    }
}
