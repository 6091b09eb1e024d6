namespace Cairn.Search.Postgres;

/// <summary>The documents a filtered vector arm must rank exactly (search_documents.doc, ascending), and how many passed the filter.</summary>
public sealed record VectorShortlist(int[] Docs, int Passing);

public sealed partial class KeywordIndex
{
    private readonly QuantizedVectors? _vectors;

    /// <param name="vectorDimensions">The current model's dimensions, to keep each document's vector quantised beside its postings; 0 keeps none.</param>
    public KeywordIndex(int vectorDimensions = 0) => _vectors = vectorDimensions > 0 ? new QuantizedVectors(vectorDimensions) : null;

    /// <summary>Bytes the quantised vectors take (0 when the mirror holds none).</summary>
    public long VectorBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _vectors?.Bytes ?? 0;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Scores every document that passes <paramref name="filter"/> against its quantised vector and keeps those whose cosine,
    /// within each one's error bound, can still reach the best <paramref name="candidates"/>: ranking only those exactly gives
    /// the same top <paramref name="candidates"/> as ranking all that pass. Null when the mirror holds no vectors, or when
    /// more than <paramref name="maxScan"/> codes would be read (HNSW's walk is cheaper then: docs/search.md, "The vector arm").
    /// </summary>
    public VectorShortlist? Shortlist(SearchFilter filter, ReadOnlySpan<float> query, int candidates, long maxScan)
    {
        if (_vectors is not { } vectors || candidates <= 0 || vectors.Prepare(query) is not { } unit)
        {
            return null;
        }
        _lock.EnterReadLock();
        try
        {
            if (Compile(filter) is not { } compiled)
            {
                return new VectorShortlist([], 0);
            }
            var scored = new List<(int Slot, double Score)>();
            var floor = new PriorityQueue<int, double>(candidates + 1);
            var maxPassing = maxScan / vectors.Stride;
            var passing = 0;
            var cut = double.NegativeInfinity;
            void Consider(int slot)
            {
                passing++;
                if (!vectors.Has(slot))
                {
                    return;
                }
                var score = vectors.Score(unit, slot);
                var bound = vectors.Bound(slot);
                // The cut only rises: one already below it is out (most documents, once the first few hundred are in).
                if (score + bound < cut)
                {
                    return;
                }
                scored.Add((slot, score));
                // The candidates-th best lower bound so far: a document whose upper bound stays below it cannot make the cut.
                var lower = score - bound;
                if (floor.Count < candidates)
                {
                    floor.Enqueue(slot, lower);
                    cut = floor.Count == candidates ? Lowest(floor) : double.NegativeInfinity;
                }
                else if (lower > cut)
                {
                    floor.DequeueEnqueue(slot, lower);
                    cut = Lowest(floor);
                }
            }

            if (Narrowest(compiled) is { } lists)
            {
                if (lists.Sum(list => (long)list.Count) > maxPassing)
                {
                    return null;
                }
                foreach (var slot in lists.Length == 1 ? lists[0] : lists.SelectMany(list => list).Distinct())
                {
                    if (compiled.Matches(in _filterable[slot]))
                    {
                        Consider(slot);
                    }
                }
            }
            else
            {
                var alive = _alive;
                var filterable = _filterable.AsSpan(0, _slots.Count);
                var slots = filterable.Length;
                for (var slot = 0; slot < slots; slot++)
                {
                    // A broad filter shows itself in the first slots: stop there when the whole pass would read too many codes.
                    if (slot == SampleSlots && (long)passing * slots > maxPassing * SampleSlots || passing > maxPassing)
                    {
                        return null;
                    }
                    if (alive[slot] && compiled.Matches(in filterable[slot]))
                    {
                        Consider(slot);
                    }
                }
            }

            var docs = new List<int>(Math.Min(scored.Count, 4 * candidates));
            foreach (var (slot, score) in scored)
            {
                if (score + vectors.Bound(slot) >= cut)
                {
                    docs.Add(_filterable[slot].Doc);
                }
            }
            docs.Sort();
            return new VectorShortlist([.. docs], passing);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static double Lowest(PriorityQueue<int, double> queue) => queue.TryPeek(out _, out var lowest) ? lowest : double.NegativeInfinity;

    // Quantised once per row: a vector of another model never gets here (the mirror reads only the current model's).
    private void SetVector(int slot, float[]? vector)
    {
        if (_vectors is not { } vectors)
        {
            return;
        }
        vectors.EnsureCapacity(slot + 1);
        if (vector is null)
        {
            vectors.Clear(slot);
        }
        else
        {
            vectors.Set(slot, vector);
        }
    }
}
