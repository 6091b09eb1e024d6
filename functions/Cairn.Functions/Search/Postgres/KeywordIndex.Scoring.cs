using System.Runtime.CompilerServices;

namespace Cairn.Search.Postgres;

public sealed partial class KeywordIndex
{
    // Okapi BM25 as Lucene computes it (no (k1 + 1) factor, which does not change the order), k1 1.2 and b 0.75:
    // tf / (tf + k1 (1 - b) + k1 b dl / avgdl).
    private const double K1TimesOneMinusB = 0.3;
    private const double K1TimesB = 0.9;

    private static readonly double[] FieldWeights = [SearchFields.TitleWeight, SearchFields.ContentWeight, SearchFields.NotesWeight];

    /// <summary>
    /// The best <paramref name="limit"/> documents by BM25 that pass <paramref name="filter"/>, best first (ties by doc),
    /// scored exhaustively over every posting of the query's terms.
    /// </summary>
    public KeywordCandidates Search(IReadOnlyList<QueryTerm> terms, SearchFilter filter, int limit)
    {
        _lock.EnterReadLock();
        try
        {
            if (Compile(filter) is not { } compiled)
            {
                return new KeywordCandidates([], [], []);
            }
            var slots = _slots.Count;
            var scores = Rent(slots);
            var touched = new List<int>();
            try
            {
                foreach (var term in terms)
                {
                    Accumulate(term, scores, touched);
                }
                return Top(scores, touched, compiled, limit);
            }
            finally
            {
                System.Buffers.ArrayPool<double>.Shared.Return(scores);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Accumulate(QueryTerm term, double[] scores, List<int> touched)
    {
        if (term.Term >= _postings.Length || _postings[term.Term] is not { Live: > 0 } list || term.Field is < 0 or >= SlotFields)
        {
            return;
        }
        double n = _fieldDocs[term.Field], df = list.Live;
        var avgdl = (double)_fieldTokens[term.Field] / Math.Max(_fieldDocs[term.Field], 1);
        var idf = FieldWeights[term.Field] * term.Qtf * Math.Log(1 + (n - df + 0.5) / (df + 0.5));
        var lnorm = K1TimesB / avgdl;
        var alive = _alive;
        var lengths = _lengths;
        foreach (var posting in list.Items)
        {
            if (!alive[posting.Slot])
            {
                continue;
            }
            double tf = posting.Tf;
            var add = idf * tf / (tf + K1TimesOneMinusB + lnorm * lengths[posting.Slot * SlotFields + term.Field]);
            if (scores[posting.Slot] == 0)
            {
                touched.Add(posting.Slot);
            }
            scores[posting.Slot] += add;
        }
    }

    private KeywordCandidates Top(double[] scores, List<int> touched, CompiledFilter filter, int limit)
    {
        // A min-heap of the best so far: the root is the one to drop first (lowest score, then highest doc).
        var heap = new PriorityQueue<int, (double Score, int Doc)>(limit + 1, WorstFirst.Instance);
        if (limit <= 0)
        {
            return new KeywordCandidates([], [], []);
        }
        var floor = double.NegativeInfinity;
        foreach (var slot in touched)
        {
            var score = scores[slot];
            // Below the heap's worst, a document cannot enter: skip it before reading its attributes (a cache miss each).
            if (score < floor || !double.IsFinite(score))
            {
                continue;
            }
            ref readonly var document = ref _filterable[slot];
            if (!filter.Matches(in document))
            {
                continue;
            }
            var entry = (score, document.Doc);
            if (heap.Count < limit)
            {
                heap.Enqueue(slot, entry);
            }
            else if (heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(entry, worst) > 0)
            {
                heap.DequeueEnqueue(slot, entry);
            }
            if (heap.Count == limit && heap.TryPeek(out _, out var root))
            {
                floor = root.Score;
            }
        }
        var docs = new int[heap.Count];
        var best = new double[heap.Count];
        var bestIds = new string[heap.Count];
        for (var i = heap.Count - 1; i >= 0; i--)
        {
            heap.TryDequeue(out var slot, out var entry);
            (best[i], docs[i], bestIds[i]) = (entry.Score, entry.Doc, _slots[slot].Id);
        }
        return new KeywordCandidates(docs, best, bestIds);
    }

    private sealed class WorstFirst : IComparer<(double Score, int Doc)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, int Doc) x, (double Score, int Doc) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Doc.CompareTo(x.Doc);
    }

    // The filter with its names resolved to this index's ordinals; null when no document can pass (a name never seen).
    private CompiledFilter? Compile(SearchFilter filter)
    {
        int[]? Known(IReadOnlyList<string> values) =>
            values.Count == 0 ? null : [.. values.Select(v => _names.GetValueOrDefault(v, -1)).Where(v => v >= 0)];
        int? One(string? value) => value is null ? null : _names.GetValueOrDefault(value, -1);

        var compiled = new CompiledFilter(Known(filter.Kinds), One(filter.Owner), filter.VisibleTo is null ? null : _names.GetValueOrDefault(filter.VisibleTo, -2),
            Known(filter.Scopes), One(filter.Domain), Known(filter.Tools), Known(filter.Statuses), filter.MinQuality);
        var impossible = compiled.Kinds is [] || compiled.Scopes is [] || compiled.Tools is [] || compiled.Statuses is []
            || compiled.Owner == -1 || compiled.Domain == -1;
        return impossible ? null : compiled;
    }

    // PostgresSearchFilter's semantics on a slot: lists match any value, a missing value (-1, NaN) matches no condition.
    private sealed record CompiledFilter(int[]? Kinds, int? Owner, int? VisibleTo, int[]? Scopes, int? Domain, int[]? Tools, int[]? Statuses, double? MinQuality)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Matches(in Filterable slot) =>
            (Kinds is null || In(Kinds, slot.Kind))
            && (VisibleTo is not { } visibleTo || slot.Public || slot.Owner == visibleTo)
            && (Owner is not { } owner || slot.Owner == owner)
            && (Scopes is null || In(Scopes, slot.Scope))
            && (Domain is not { } domain || slot.Domain == domain)
            && (Tools is null || AnyOf(Tools, slot.Tools))
            && (Statuses is null || In(Statuses, slot.Status))
            && (MinQuality is not { } minQuality || slot.Quality >= minQuality);

        // A plain loop: a filter's lists hold one to three values, where Array.IndexOf's set-up costs more than the search.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool In(int[] values, int value)
        {
            foreach (var candidate in values)
            {
                if (candidate == value)
                {
                    return true;
                }
            }
            return false;
        }

        // A loop, not Any(lambda): the lambda captured this filter and allocated on every document checked.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool AnyOf(int[] wanted, int[] held)
        {
            foreach (var value in held)
            {
                if (In(wanted, value))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
