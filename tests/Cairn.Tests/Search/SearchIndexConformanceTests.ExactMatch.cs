using Cairn.Search;

namespace Cairn.Tests.Search;

// A query word the embedder knows nothing of (an error code, an identifier) among many look-alike documents: min-max
// fusion once ranked the one document holding the word below all of them (docs/search.md, "Fusion").
public abstract partial class SearchIndexConformanceTests
{
    [Fact]
    public async Task AnExactMatchOnAWordTheEmbedderDoesNotKnowIsFoundAmongManyAlikeNeighbours()
    {
        Index = await CreateIndexAsync(Options(FusionMethod.Rrf));
        await UpsertAsync(ManyAlikeAndOneExactMatch());

        var hits = await Index.SearchAsync(ExactMatchQuery, None);

        Assert.Contains("exact", hits.Select(h => h.Id));
    }

    /// <summary>More look-alikes than an arm's candidates, all the vector arm's best, and one document with the query's rare word.</summary>
    protected static SearchDocument[] ManyAlikeAndOneExactMatch() =>
    [
        .. Enumerable.Range(0, 15).Select(i => Doc($"alike-{i:D2}", "outcome target") with { Vector = HashingEmbedder.Axis(0) }),
        Doc("exact", "deploy fails with errq77zx") with { Vector = HashingEmbedder.Axis(1) },
    ];

    /// <summary>An identifier the embedder knows nothing of, with a vector nearer the look-alikes than the exact match.</summary>
    protected static readonly SearchQuery ExactMatchQuery = new("errq77zx") { Vector = HashingEmbedder.Axis(0, 0.5f), Limit = 5 };
}
