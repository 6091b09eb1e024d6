using Cairn.Search;
using Cairn.Search.Postgres;

namespace Cairn.Tests.Search;

/// <summary>The mirror's scorer against BM25 written out by hand (<see cref="Bm25"/>), over already-analysed tokens.</summary>
[Trait("Storage", "None")]
public sealed class KeywordIndexTests
{
    private static readonly Dictionary<string, string[]> Corpus = new()
    {
        ["a"] = ["kafka", "consumer", "lag", "kafka"],
        ["b"] = ["kafka", "broker", "restart"],
        ["c"] = ["consumer", "group", "rebalance", "after", "a", "broker", "restart"],
        ["d"] = ["redis", "eviction"],
        ["e"] = ["lag", "lag", "lag", "consumer"],
    };

    private static readonly string[] Vocabulary = [.. Corpus.Values.SelectMany(t => t).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void TitleScoresAreBm25AsWrittenOutByHand()
    {
        var index = new KeywordIndex();
        index.Apply([.. Corpus.Select((d, i) => Row(i + 1, d.Value, field: 0))], []);
        string[] query = ["kafka", "consumer", "restart"];

        var (docs, scores, _) = index.Search(Terms(query, field: 0, qtf: 1), SearchFilter.None, 10);

        var expected = Bm25.Scores(Corpus, query).OrderByDescending(s => s.Value).ToList();
        Assert.Equal(expected.Select(e => Doc(e.Key)), docs);
        Assert.Equal(expected.Select(e => Math.Round(e.Value, 12)), scores.Select(s => Math.Round(s, 12)));
    }

    [Fact]
    public void NotesWeighHalfAndARepeatedQueryWordCountsTwice()
    {
        var index = new KeywordIndex();
        index.Apply([.. Corpus.Select((d, i) => Row(i + 1, d.Value, field: 2))], []);

        var (docs, scores, _) = index.Search(Terms(["lag"], field: 2, qtf: 2), SearchFilter.None, 10);

        var expected = Bm25.Scores(Corpus, ["lag"]).OrderByDescending(s => s.Value).ToList();
        Assert.Equal(expected.Select(e => Doc(e.Key)), docs);
        Assert.Equal(expected.Select(e => Math.Round(e.Value, 12)), scores.Select(s => Math.Round(s, 12)));
    }

    [Fact]
    public void RewrittenAndDeletedDocumentsLeaveNoTraceInScoresOrStatistics()
    {
        var churned = new KeywordIndex();
        churned.Apply([.. Corpus.Select((d, i) => Row(i + 1, d.Value, field: 0))], []);
        // Enough rewrites of one document to compact its terms' lists, then a deletion.
        for (var version = 1; version <= 40; version++)
        {
            churned.Apply([Row(1, version % 2 == 0 ? Corpus["a"] : ["kafka", "redis"], field: 0, xid: (ulong)version)], []);
        }
        churned.Apply([Row(6, ["kafka", "broker"], field: 0)], [6]);
        var fresh = new KeywordIndex();
        fresh.Apply([.. Corpus.Select((d, i) => Row(i + 1, d.Value, field: 0))], []);
        var query = Terms(["kafka", "consumer", "broker", "redis"], field: 0, qtf: 1);

        Assert.Equal(fresh.Search(query, SearchFilter.None, 10).Scores, churned.Search(query, SearchFilter.None, 10).Scores);
        Assert.Equal(Corpus.Count, churned.Documents);
    }

    [Fact]
    public void AFilterNamingAValueNoDocumentHasMatchesNothing()
    {
        var index = new KeywordIndex();
        index.Apply([.. Corpus.Select((d, i) => Row(i + 1, d.Value, field: 0))], []);
        var query = Terms(["kafka"], field: 0, qtf: 1);

        Assert.Empty(index.Search(query, new SearchFilter { Kinds = ["never-written"] }, 10).Docs);
        Assert.Empty(index.Search(query, new SearchFilter { MinQuality = 0 }, 10).Docs); // no document has a quality
        Assert.Equal(2, index.Search(query, new SearchFilter { Kinds = ["experience", "never-written"], VisibleTo = "nobody" }, 10).Docs.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    public void TheTopKIsThePrefixOfTheWholeRankingWithOrWithoutAFilter(int limit)
    {
        // Few distinct lengths and tfs over many documents, so scores tie often and the tie-break on doc decides.
        var random = new Random(limit);
        var index = new KeywordIndex();
        index.Apply([.. Enumerable.Range(1, 2_000).Select(doc =>
        {
            var terms = Enumerable.Range(0, 12).Where(_ => random.Next(3) == 0).ToArray();
            return new KeywordRow(doc, $"d{doc}", 0, doc % 3 == 0 ? "engram" : "experience", null, true, null, null, [], doc % 5 == 0 ? "archived" : "published",
                null, [terms.Length == 0 ? 0 : 4 + random.Next(3), 0, 0], terms, [.. terms.Select(_ => 1 + random.Next(2))]);
        })], []);
        var filter = new SearchFilter { Kinds = ["experience"], Statuses = ["published"] };

        foreach (var f in new[] { SearchFilter.None, filter })
        {
            for (var q = 0; q < 20; q++)
            {
                QueryTerm[] query = [.. Enumerable.Range(0, 12).Where(_ => random.Next(4) == 0).Select(t => new QueryTerm(t, 0, 1 + random.Next(2)))];
                var whole = index.Search(query, f, 2_000);
                var top = index.Search(query, f, limit);

                Assert.Equal(whole.Docs.Take(limit), top.Docs);
                Assert.Equal(whole.Scores.Take(limit), top.Scores);
                Assert.Equal(whole.Ids.Take(limit), top.Ids);
            }
        }
    }

    [Fact]
    public void PassingListsTheDocumentsAFilterLetsThroughOnlyWhenTheyAreFew()
    {
        var index = new KeywordIndex();
        index.Apply([.. Corpus.Select((d, i) => Row(i + 1, d.Value, field: 0) with { Domain = i % 2 == 0 ? "streaming" : "cache" })], []);
        index.Apply([], [3]);
        var streaming = new SearchFilter { Domain = "streaming" };

        Assert.Equal(new[] { 1, 5 }, index.Passing(streaming, 2)); // 1, 3 and 5 are in the domain; 3 was deleted
        Assert.Null(index.Passing(streaming, 1));
        Assert.Equal(Array.Empty<int>(), index.Passing(new SearchFilter { Domain = "never-written" }, 2));
        Assert.Null(index.Passing(SearchFilter.None, 100)); // no condition: every document passes, HNSW is the way
        Assert.Null(index.Passing(streaming, 0));
    }

    [Fact]
    public void PassingAgreesWithCheckingEveryDocumentAfterRewritesMovesAndDeletes()
    {
        var index = new KeywordIndex();
        var random = new Random(5);
        // One pool of names for owners, scopes and domains, as a name may be all three.
        string?[] names = ["a", "b", "c", "d", null];
        string? Pick() => names[random.Next(names.Length)];
        var rows = new Dictionary<int, KeywordRow>();
        for (var round = 1; round <= 400; round++)
        {
            var doc = random.Next(1, 40);
            if (random.Next(5) == 0)
            {
                index.Apply([], [doc]);
                rows.Remove(doc);
                continue;
            }
            // Unchanged words keep the document's slot and change its attributes in place; new words take a new slot.
            var tokens = rows.TryGetValue(doc, out var before) && random.Next(2) == 0
                ? [.. before.Terms.Select(t => Vocabulary[t])]
                : Vocabulary.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToArray();
            var row = Row(doc, tokens, field: 0, xid: (ulong)round) with
            {
                Owner = Pick(), Scope = Pick(), Domain = Pick(), Kind = random.Next(2) == 0 ? "experience" : "engram",
            };
            index.Apply([row], []);
            rows[doc] = row;
        }

        SearchFilter[] filters =
        [
            new() { Owner = "a" }, new() { Domain = "b" }, new() { Scopes = ["c", "d", "c"] }, new() { Owner = "a", Scopes = ["b"] },
            new() { Owner = "b", Domain = "a", Kinds = ["engram"] }, new() { Domain = "d", VisibleTo = "a" }, new() { Kinds = ["experience"] },
        ];
        foreach (var filter in filters)
        {
            var expected = rows.Values.Where(r => (filter.Owner is null || r.Owner == filter.Owner) && (filter.Domain is null || r.Domain == filter.Domain)
                    && (filter.Scopes.Count == 0 || filter.Scopes.Contains(r.Scope)) && (filter.Kinds.Count == 0 || filter.Kinds.Contains(r.Kind))
                    && (filter.VisibleTo is null || r.Public || r.Owner == filter.VisibleTo))
                .Select(r => r.Doc).Order().ToArray();
            Assert.Equal(expected, index.Passing(filter, 1000));
        }
    }

    private static int Doc(string id) => Corpus.Keys.ToList().IndexOf(id) + 1;

    private static QueryTerm[] Terms(string[] words, int field, double qtf) =>
        [.. words.Select(w => new QueryTerm(Array.IndexOf(Vocabulary, w) + field * 1000, field, qtf))];

    private static KeywordRow Row(int doc, string[] tokens, int field, ulong xid = 0)
    {
        var counts = tokens.GroupBy(t => t).ToList();
        var lengths = new int[3];
        lengths[field] = tokens.Length;
        return new KeywordRow(doc, $"d{doc}", xid, "experience", null, true, null, null, [], null, null, lengths,
            [.. counts.Select(c => Array.IndexOf(Vocabulary, c.Key) + field * 1000)], [.. counts.Select(c => c.Count())]);
    }
}
