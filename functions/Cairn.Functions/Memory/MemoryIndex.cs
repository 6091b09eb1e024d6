using Cairn.Embeddings;
using Cairn.Search;
using Microsoft.Extensions.AI;

namespace Cairn.Memory;

/// <summary>
/// What memory puts in the search index and how it asks. A memory is a private document of kind <c>memory</c> owned by
/// its agent, its ring as status; every memory search filters by owner, so isolation is structural. A collective
/// pattern enters the index only once published (k contributors reached), as a public <c>cbp_pattern</c>.
/// </summary>
public sealed class MemoryIndex(ISearchIndex search, IEmbeddingGenerator<string, Embedding<float>> embedder)
{
    public const string MemoryKind = "memory";
    public const string PatternKind = "cbp_pattern";
    private const string Published = "published";
    private const string Suppressed = "suppressed";

    public Task IndexAsync(MemoryItem memory, CancellationToken cancellationToken) => IndexAsync([memory], cancellationToken);

    /// <summary>Indexes (or re-indexes, after a stage change) several memories in one batch, embedding their current text.</summary>
    public async Task IndexAsync(IReadOnlyCollection<MemoryItem> memories, CancellationToken cancellationToken)
    {
        if (memories.Count == 0)
        {
            return;
        }
        var vectors = await EmbedAsync(memories.Select(m => m.Content).ToList(), cancellationToken);
        await search.UpsertAsync(memories.Zip(vectors, Document).ToList(), cancellationToken);
    }

    /// <summary>Indexes one memory with a vector embedded beforehand (the decay job embeds a whole batch in one call).</summary>
    public Task IndexAsync(MemoryItem memory, ReadOnlyMemory<float>? vector, CancellationToken cancellationToken) =>
        search.UpsertAsync([Document(memory, vector)], cancellationToken);

    /// <summary>Embeddings of the texts, in order; null where a text has no known word (its cosine would be undefined).</summary>
    public async Task<IReadOnlyList<ReadOnlyMemory<float>?>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken, EmbeddingGenerationOptions? purpose = null)
    {
        if (texts.Count == 0)
        {
            return [];
        }
        var embeddings = await embedder.GenerateAsync(texts, purpose, cancellationToken);
        return embeddings.Select(e => SearchText.NonZero(e.Vector)).ToList();
    }

    private static SearchDocument Document(MemoryItem memory, ReadOnlyMemory<float>? vector) => new(DocumentId(memory.Id), MemoryKind)
    {
        Content = memory.Content,
        Notes = memory.ToolName ?? "",
        Owner = memory.AgentId.ToString(),
        Visibility = SearchVisibility.Private,
        Tools = memory.ToolName is null ? [] : [memory.ToolName],
        Status = memory.Ring,
        Vector = vector,
        VectorText = memory.Content,
    };

    public Task RemoveAsync(Guid memoryId, CancellationToken cancellationToken) => search.DeleteAsync(DocumentId(memoryId), cancellationToken);

    /// <summary>The agent's own memories that match, best first; <paramref name="rings"/> empty means every ring.</summary>
    public async Task<IReadOnlyList<(Guid Id, double Score)>> SearchAsync(Guid agentId, string text, IReadOnlyList<string> rings, int limit, CancellationToken cancellationToken)
    {
        var hits = await search.SearchAsync(new SearchQuery(Truncate(text, SearchFields.MaxQueryLength))
        {
            Vector = (await EmbedAsync([text], cancellationToken, EmbeddingPurpose.Query))[0],
            Filter = new SearchFilter { Kinds = [MemoryKind], Owner = agentId.ToString(), Statuses = rings },
            Limit = limit,
        }, cancellationToken);
        return hits.Select(h => (Guid.Parse(h.Id.AsSpan("memory:".Length)), h.Score)).ToList();
    }

    public async Task IndexPatternAsync(CbpPattern pattern, CancellationToken cancellationToken)
    {
        if (pattern.Text is null)
        {
            return;
        }
        await search.UpsertAsync(
        [
            new SearchDocument(PatternDocumentId(pattern.Id), PatternKind)
            {
                Content = pattern.Text,
                Status = pattern.Suppressed ? Suppressed : Published,
                Quality = pattern.SuccessRate,
                Vector = (await EmbedAsync([pattern.Text], cancellationToken))[0],
                VectorText = pattern.Text,
            },
        ], cancellationToken);
    }

    /// <summary>Published, unsuppressed patterns that match, best first, with their fused scores.</summary>
    public async Task<IReadOnlyList<(string Id, double Score)>> SearchPatternsAsync(string text, int limit, CancellationToken cancellationToken)
    {
        var hits = await search.SearchAsync(new SearchQuery(Truncate(text, SearchFields.MaxQueryLength))
        {
            Vector = (await EmbedAsync([text], cancellationToken, EmbeddingPurpose.Query))[0],
            Filter = new SearchFilter { Kinds = [PatternKind], Statuses = [Published] },
            Limit = limit,
        }, cancellationToken);
        return hits.Select(h => (h.Id["cbp:".Length..], h.Score)).ToList();
    }

    private static string DocumentId(Guid memoryId) => $"memory:{memoryId}";

    private static string PatternDocumentId(string patternId) => $"cbp:{patternId}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
