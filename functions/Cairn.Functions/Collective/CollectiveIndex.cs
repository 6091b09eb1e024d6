using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Embeddings;
using Cairn.Search;
using Microsoft.Extensions.AI;

namespace Cairn.Collective;

/// <summary>One search hit on an experience, with how close it is to what was asked (0–1).</summary>
public sealed record ExperienceHit(Guid ExperienceId, double Similarity);

/// <summary>A query's text and its embedding, made once and shared by every search that asks the same thing.</summary>
public sealed record CollectiveQuery(string Text, ReadOnlyMemory<float>? Vector);

/// <summary>
/// What the collective puts in the search index and how it asks: published experiences (drafts are not searchable;
/// quarantined ones are kept under their own status) and open public sessions (for "who else is working on this").
/// </summary>
public sealed class CollectiveIndex(ISearchIndex search, IEmbeddingGenerator<string, Embedding<float>> embedder)
{
    private const string ExperienceKind = "experience";
    private const string SessionKind = "session";
    private const string Quarantined = "quarantined";

    /// <summary>Nobody owns this id, so filtering by it leaves the public documents only.</summary>
    private const string Anonymous = "anonymous";

    public async Task IndexExperienceAsync(Experience experience, CancellationToken cancellationToken)
    {
        var id = ExperienceDocumentId(experience.Id);
        if (experience.Status != ExperienceStatus.Published)
        {
            await search.DeleteAsync(id, cancellationToken);
            return;
        }
        var title = experience.Goal;
        var content = string.Join('\n', ContentLines(experience.Content));
        var notes = string.Join('\n', experience.Content.Notes.Concat(experience.Content.Artifacts.Select(a => a.Code)));
        await search.UpsertAsync(
        [
            new SearchDocument(id, ExperienceKind)
            {
                Title = title,
                Content = content,
                Notes = Truncate(notes, SearchFields.MaxDocumentTextLength - title.Length - content.Length - 2),
                Owner = experience.OwnerId.ToString(),
                Visibility = experience.IsPublic ? SearchVisibility.Public : SearchVisibility.Private,
                Domain = experience.Domain,
                Tools = experience.ToolsUsed,
                Status = Quality.IsQuarantined(experience.Stats) ? Quarantined : ExperienceStatus.Published,
                Quality = Quality.Score(experience.Stats),
                Vector = await EmbedAsync($"{title}\n{content}", cancellationToken),
                VectorText = $"{title}\n{content}",
            },
        ], cancellationToken);
    }

    public Task RemoveExperienceAsync(Guid experienceId, CancellationToken cancellationToken) => search.DeleteAsync(ExperienceDocumentId(experienceId), cancellationToken);

    public Task RemoveSessionAsync(Guid sessionId, CancellationToken cancellationToken) => search.DeleteAsync($"session:{sessionId}", cancellationToken);

    /// <summary>Votes and outcomes change only quality and quarantine status: the index updates those without embedding the text again.</summary>
    public async Task UpdateExperienceStatsAsync(Experience experience, CancellationToken cancellationToken)
    {
        if (experience.Status != ExperienceStatus.Published
            || !await search.UpdateStatsAsync(ExperienceDocumentId(experience.Id), Quality.IsQuarantined(experience.Stats) ? Quarantined : ExperienceStatus.Published, Quality.Score(experience.Stats), cancellationToken))
        {
            // Not in the index (yet): the full write puts it there, or takes it out.
            await IndexExperienceAsync(experience, cancellationToken);
        }
    }

    /// <summary>Open public sessions are findable by other agents; any other session leaves the index.</summary>
    public async Task IndexSessionAsync(Session session, CancellationToken cancellationToken)
    {
        var id = $"session:{session.Id}";
        if (session.Status != SessionStatus.Open || !session.IsPublic)
        {
            await search.DeleteAsync(id, cancellationToken);
            return;
        }
        await search.UpsertAsync(
        [
            new SearchDocument(id, SessionKind)
            {
                Title = session.Topic,
                Content = string.Join(' ', session.ToolsUsed),
                Owner = session.OwnerId.ToString(),
                Domain = session.Domain,
                Tools = session.ToolsUsed,
                Status = SessionStatus.Open,
                Vector = await EmbedAsync(session.Topic, cancellationToken),
                VectorText = session.Topic,
            },
        ], cancellationToken);
    }

    /// <summary>Embeds a query once; an embedder may be a network call away, so searches that share a text share this.</summary>
    public async Task<CollectiveQuery> QueryAsync(string text, CancellationToken cancellationToken) =>
        new(text, await EmbedAsync(text, cancellationToken, EmbeddingPurpose.Query));

    /// <summary>The words an experience search looks for: tools improve relevance (plurum-skill.md) rather than filter, so they join the query.</summary>
    public static string ExperienceQueryText(SearchRequest request) => string.Join(' ', [request.Query!, .. request.Tools ?? []]);

    /// <summary>Experiences for <paramref name="query"/> (the embedded <see cref="ExperienceQueryText"/>), with the request's filters and limit.</summary>
    public async Task<IReadOnlyList<ExperienceHit>> SearchExperiencesAsync(Guid? viewer, CollectiveQuery query, SearchRequest request, CancellationToken cancellationToken)
    {
        var hits = await search.SearchAsync(new SearchQuery(Truncate(query.Text, SearchFields.MaxQueryLength))
        {
            Vector = query.Vector,
            Filter = new SearchFilter
            {
                Kinds = [ExperienceKind],
                VisibleTo = viewer?.ToString() ?? Anonymous,
                Domain = request.Domain,
                Statuses = [ExperienceStatus.Published],
                MinQuality = request.MinQuality,
            },
            Limit = request.Limit ?? ContentLimits.DefaultSearchLimit,
        }, cancellationToken);
        return ToExperienceHits(hits);
    }

    public async Task<IReadOnlyList<ExperienceHit>> SimilarExperiencesAsync(Guid? viewer, Experience experience, int limit, CancellationToken cancellationToken)
    {
        var text = $"{experience.Goal}\n{string.Join('\n', ContentLines(experience.Content))}";
        var hits = await search.SearchAsync(new SearchQuery(Truncate(text, SearchFields.MaxQueryLength))
        {
            Vector = await EmbedAsync(text, cancellationToken),
            Filter = new SearchFilter { Kinds = [ExperienceKind], VisibleTo = viewer?.ToString() ?? Anonymous, Statuses = [ExperienceStatus.Published] },
            Limit = Math.Min(limit + 1, SearchFields.MaxLimit),
        }, cancellationToken);
        return ToExperienceHits(hits).Where(h => h.ExperienceId != experience.Id).Take(limit).ToList();
    }

    /// <summary>Open public sessions that match the query (including, possibly, the asking session itself: callers filter).</summary>
    public async Task<IReadOnlyList<(Guid SessionId, double Similarity)>> FindActiveSessionsAsync(CollectiveQuery query, int limit, CancellationToken cancellationToken)
    {
        var hits = await search.SearchAsync(new SearchQuery(Truncate(query.Text, SearchFields.MaxQueryLength))
        {
            Vector = query.Vector,
            Filter = new SearchFilter { Kinds = [SessionKind], VisibleTo = Anonymous, Statuses = [SessionStatus.Open] },
            Limit = Math.Min(limit, SearchFields.MaxLimit),
        }, cancellationToken);
        return hits.Select(h => (Guid.Parse(h.Id.AsSpan("session:".Length)), Similarity(h, hits))).ToList();
    }

    private static IReadOnlyList<ExperienceHit> ToExperienceHits(IReadOnlyList<SearchHit> hits) =>
        hits.Select(h => new ExperienceHit(Guid.Parse(h.Id.AsSpan("experience:".Length)), Similarity(h, hits))).ToList();

    /// <summary>
    /// Cosine similarity when the vector arm saw the document (an absolute measure); otherwise the keyword score
    /// relative to the best keyword score of this result list; with neither (Azure AI Search's hybrid hits say nothing
    /// per arm), the fused score relative to the best fused score.
    /// </summary>
    internal static double Similarity(SearchHit hit, IReadOnlyList<SearchHit> all)
    {
        if (hit.Vector is { } vector)
        {
            return double.IsFinite(vector.Score) ? Math.Clamp(vector.Score, 0, 1) : 0;
        }
        if (hit.Keyword is { } keyword)
        {
            var best = all.Max(h => h.Keyword?.Score ?? 0);
            return best > 0 ? keyword.Score / best : 0;
        }
        var bestFused = all.Max(h => h.Score);
        return bestFused > 0 ? Math.Clamp(hit.Score / bestFused, 0, 1) : 0;
    }

    private async Task<ReadOnlyMemory<float>?> EmbedAsync(string text, CancellationToken cancellationToken, EmbeddingGenerationOptions? purpose = null)
    {
        // A text without a single known word embeds to zeros, whose cosine is undefined: the vector arm is left out.
        return SearchText.NonZero(await embedder.GenerateVectorAsync(text, purpose, cancellationToken));
    }

    private static IEnumerable<string> ContentLines(ExperienceContent content) =>
        content.Breakthroughs.Select(b => b.Detail is null ? b.Insight : $"{b.Insight}: {b.Detail}")
            .Concat(content.DeadEnds.Select(d => d.Why is null ? d.What : $"{d.What}: {d.Why}"))
            .Concat(content.Gotchas.Select(g => g.Context is null ? g.Warning : $"{g.Warning}: {g.Context}"))
            .Concat(content.Artifacts.Select(a => a.Description).OfType<string>());

    private static string ExperienceDocumentId(Guid id) => $"experience:{id}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..Math.Max(0, max)];
}
