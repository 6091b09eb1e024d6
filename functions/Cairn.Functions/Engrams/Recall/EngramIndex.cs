using System.Security.Cryptography;
using System.Text;
using Cairn.Search;
using Microsoft.Extensions.AI;

namespace Cairn.Engrams.Recall;

/// <summary>Where a recalled engram lives, how relevant the search found it (0–1), and whether its keyword arm matched it.</summary>
public sealed record EngramHit(string Scope, Guid OwnerId, string EngramId, double Relevance, bool KeywordMatch);

/// <summary>
/// What engrams put in the search index (kind <c>engram</c>) and how recall asks it. Each engram is one document:
/// its statement as the title, summary, rationale and contraindications as content, domain and tags as notes; private
/// to its owner in personal scopes; with its scope and status for filtering. The id carries the scope (hashed), the
/// owner and the engram id, so a hit leads straight to the stored engram.
/// </summary>
public sealed class EngramIndex(ISearchIndex search, IEmbeddingGenerator<string, Embedding<float>> embedder)
{
    public const string Kind = "engram";

    /// <summary>The parts of an engram the index holds; it is written again only when these change.</summary>
    public sealed record Searchable(string Status, string Statement, string? Summary, string? Rationale, string? Domain, string Tags, string Contraindications, bool Shared)
    {
        public static Searchable Of(StoredEngram engram) => new(engram.Status, engram.View.Statement, engram.View.Summary, engram.View.Rationale,
            engram.View.Domain, string.Join('\n', engram.View.Tags), string.Join('\n', engram.View.Contraindications), IsShared(engram));
    }

    /// <summary>Indexed for others only when it is public or a template in a scope others read; else private to its owner.</summary>
    private static bool IsShared(StoredEngram engram) => engram.View.Shareable && Scopes.Reach(engram.Scope) != ScopeReach.Owner;

    public static string DocumentId(string scope, Guid ownerId, string engramId) => $"{Kind}:{ScopeKey(scope)}:{ownerId:N}:{engramId}";

    /// <summary>Scopes may be long and hold any character; the id carries a fixed-width hash, resolved against the recall's scopes.</summary>
    public static string ScopeKey(string scope) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)))[..16];

    public async Task IndexAsync(IReadOnlyCollection<StoredEngram> engrams, CancellationToken cancellationToken)
    {
        var texts = engrams.Select(EmbeddedText).ToList();
        var vectors = await embedder.GenerateAsync(texts, cancellationToken: cancellationToken);
        var documents = engrams.Zip(vectors).Select(pair => Document(pair.First, pair.Second.Vector)).ToList();
        await search.UpsertAsync(documents, cancellationToken);
    }

    /// <summary>Moves the engram's document to its current status; a document the index lost is written whole.</summary>
    public async Task UpdateStatusAsync(StoredEngram engram, CancellationToken cancellationToken)
    {
        if (!await search.UpdateStatsAsync(DocumentId(engram.Scope, engram.OwnerId, engram.EngramId), engram.Status, null, cancellationToken))
        {
            await IndexAsync([engram], cancellationToken);
        }
    }

    public Task<bool> RemoveAsync(StoredEngram engram, CancellationToken cancellationToken) =>
        search.DeleteAsync(DocumentId(engram.Scope, engram.OwnerId, engram.EngramId), cancellationToken);

    /// <summary>
    /// Hybrid search for a recall: active engrams of <paramref name="scopes"/> the caller may see (the public ones and
    /// their own private ones), plus only the caller's own in <paramref name="ownOnly"/>. Every hit, with its 0–1
    /// relevance (<see cref="Relevance"/>); the term-hits gate is the caller's (<see cref="SharesAWord"/>).
    /// </summary>
    public async Task<IReadOnlyList<EngramHit>> SearchAsync(string text, Guid caller, IReadOnlyList<string> scopes, IReadOnlyList<string> ownOnly,
        CancellationToken cancellationToken)
    {
        text = text.Length <= SearchFields.MaxQueryLength ? text : text[..SearchFields.MaxQueryLength];
        var vector = await embedder.GenerateVectorAsync(text, Embeddings.EmbeddingPurpose.Query, cancellationToken);
        var query = new SearchQuery(text)
        {
            // A text without a single known word embeds to zeros: leave the vector arm out.
            Vector = SearchText.NonZero(vector),
            Limit = SearchFields.MaxLimit,
        };
        var filter = new SearchFilter { Kinds = [Kind], Statuses = [EngramStatus.Active] };
        // Two visibility rules need two searches (a filter cannot say "or"); they run side by side, one embedding.
        var searches = new List<Task<IReadOnlyList<SearchHit>>>();
        if (scopes.Count > 0)
        {
            searches.Add(search.SearchAsync(query with { Filter = filter with { Scopes = scopes, VisibleTo = caller.ToString() } }, cancellationToken));
        }
        if (ownOnly.Count > 0)
        {
            searches.Add(search.SearchAsync(query with { Filter = filter with { Scopes = ownOnly, Owner = caller.ToString() } }, cancellationToken));
        }
        var hits = (await Task.WhenAll(searches)).SelectMany(found => found).ToList();
        var bestKeyword = hits.Select(hit => hit.Keyword?.Score ?? 0).DefaultIfEmpty(0).Max();
        var bestScore = hits.Select(hit => hit.Score).DefaultIfEmpty(0).Max();
        var byKey = scopes.Concat(ownOnly).Distinct(StringComparer.Ordinal).ToDictionary(ScopeKey, scope => scope, StringComparer.Ordinal);
        return hits.Select(hit => Parse(hit, bestKeyword, bestScore, byKey)).OfType<EngramHit>().ToList();
    }

    /// <summary>
    /// Active engrams of one scope the caller may see whose vectors are nearest the text's (embedded as a document,
    /// like the engrams), with their cosine similarity; empty where the backend reports no vector arm.
    /// </summary>
    public async Task<IReadOnlyList<(Guid OwnerId, string EngramId, double Similarity)>> NearestAsync(string text, Guid caller, string scope, CancellationToken cancellationToken)
    {
        var vector = (await embedder.GenerateAsync([text], cancellationToken: cancellationToken))[0].Vector;
        if (!vector.Span.ContainsAnyExcept(0f))
        {
            return [];
        }
        var filter = new SearchFilter { Kinds = [Kind], Statuses = ["active"], Scopes = [scope], VisibleTo = caller.ToString() };
        var hits = await search.SearchAsync(new SearchQuery(text) { Vector = vector, Limit = 10, Filter = filter }, cancellationToken);
        var key = ScopeKey(scope);
        return hits
            .Select(hit => (Hit: hit, Parts: hit.Id.Split(':', 4)))
            .Where(x => x.Hit.Vector is not null && x.Parts is [Kind, var k, var owner, _] && k == key && Guid.TryParseExact(owner, "N", out _))
            .Select(x => (Guid.ParseExact(x.Parts[2], "N"), x.Parts[3], x.Hit.Vector!.Score))
            .ToList();
    }

    /// <summary>
    /// PLUR's term-hits gate: an engram is recalled for what it says, not for a vector's vague likeness, so it must
    /// share a word with the task — by the index's own keyword arm when the backend reports it, else by Cairn's own
    /// word matching (Azure AI Search reports no arms for hybrid queries) over statement, summary, rationale, domain, tags.
    /// </summary>
    public static bool SharesAWord(EngramHit hit, RecallView view, IReadOnlySet<string> taskWords) =>
        hit.KeywordMatch || Lexical.Terms(view.Statement, view.Summary, view.Rationale, view.Domain, string.Join(' ', view.Tags)).Overlaps(taskWords);

    /// <summary>
    /// Relevance from the arms, not the fused score, when the backend reports them (PostgreSQL): its fusion
    /// min-max-normalises each arm over its candidates, which stretches float noise between near-identical vectors
    /// into whole score steps and scores the weakest candidate 0. So: 0.8 × BM25 relative to the best hit + 0.2 ×
    /// cosine similarity (absolute). Without arms (Azure AI Search's hybrid RRF): the score relative to the best.
    /// Six places either way.
    /// </summary>
    public static double Relevance(SearchHit hit, double bestKeyword, double bestScore) =>
        Math.Round(hit.Keyword is null && hit.Vector is null
            ? bestScore > 0 ? hit.Score / bestScore : 1
            : KeywordWeight * (hit.Keyword is { } keyword && bestKeyword > 0 ? keyword.Score / bestKeyword : 0)
                + (1 - KeywordWeight) * Math.Clamp(hit.Vector?.Score ?? 0, 0, 1), 6);

    /// <summary>BM25's share of recall relevance: the weight GloVe's fusion used; search fusion now weighs per embedder (0.4 with MiniLM), not re-tuned here.</summary>
    public const double KeywordWeight = 0.8;

    private static EngramHit? Parse(SearchHit hit, double bestKeyword, double bestScore, IReadOnlyDictionary<string, string> scopes)
    {
        var parts = hit.Id.Split(':', 4);
        if (parts is not [Kind, var key, var owner, var engramId] || !scopes.TryGetValue(key, out var scope) || !Guid.TryParseExact(owner, "N", out var ownerId))
        {
            return null;
        }
        return new EngramHit(scope, ownerId, engramId, Relevance(hit, bestKeyword, bestScore), hit.Keyword is not null);
    }

    private static SearchDocument Document(StoredEngram engram, ReadOnlyMemory<float> vector)
    {
        var view = engram.View;
        var content = string.Join('\n', new[] { view.Summary, view.Rationale }.OfType<string>().Concat(view.Contraindications.Select(c => $"Not when: {c}")));
        var notes = string.Join('\n', view.Tags.Prepend(view.Domain ?? "").Where(t => t.Length > 0));
        return new SearchDocument(DocumentId(engram.Scope, engram.OwnerId, engram.EngramId), Kind)
        {
            Title = Truncate(view.Statement, SearchFields.MaxDocumentTextLength / 2),
            Content = Truncate(content, SearchFields.MaxDocumentTextLength / 4),
            Notes = Truncate(notes, SearchFields.MaxDocumentTextLength / 4),
            Owner = engram.OwnerId.ToString(),
            Visibility = IsShared(engram) ? SearchVisibility.Public : SearchVisibility.Private,
            Scope = engram.Scope,
            Domain = view.Domain,
            Status = engram.Status,
            Vector = SearchText.NonZero(vector),
            VectorText = EmbeddedText(engram),
        };
    }

    private static string EmbeddedText(StoredEngram engram) => engram.View.Summary is { } summary ? $"{engram.View.Statement}\n{summary}" : engram.View.Statement;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
