using System.Runtime.CompilerServices;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public VectorShortlist? Shortlist(SearchFilter filter, ReadOnlySpan<float> query, int candidates, long maxScan)
    {
        if (_vectors is not { } vectors || candidates <= 0 || vectors.Prepare(query) is not { } prepared)
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
            var maxPassing = maxScan / vectors.Stride;
            var scan = new ShortlistScan(this, vectors, prepared, compiled, candidates);
            List<ShortlistScan> scans = [scan];
            if (Narrowest(compiled) is { } lists)
            {
                if (lists.Sum(list => (long)list.Count) > maxPassing)
                {
                    return null;
                }
                foreach (var slot in lists.Length == 1 ? lists[0] : lists.SelectMany(list => list).Distinct())
                {
                    scan.Consider(slot);
                }
            }
            else
            {
                var slots = _slots.Count;
                // A broad filter shows itself in the first slots: stop there when the whole pass would read too many codes.
                var sample = Math.Min(slots, SampleSlots);
                scan.Range(0, sample);
                if ((double)scan.Passing * slots > (double)maxPassing * sample)
                {
                    return null;
                }
                // The rest in two halves, the second on another core (the read lock held here keeps writers out of both).
                var middle = sample + (slots - sample) / 2;
                var other = new ShortlistScan(this, vectors, prepared, compiled, candidates);
                var claimed = 0;
                var half = slots - sample > ParallelScanFrom
                    ? Task.Run(() =>
                    {
                        if (Interlocked.Exchange(ref claimed, 1) == 0)
                        {
                            other.Range(middle, slots);
                        }
                    })
                    : null;
                scan.Range(sample, half is null ? slots : middle);
                if (half is not null)
                {
                    // A half no pool thread has picked up yet is done here: waiting for it could starve a busy pool.
                    if (Interlocked.Exchange(ref claimed, 1) == 0)
                    {
                        other.Range(middle, slots);
                    }
                    else
                    {
                        half.GetAwaiter().GetResult();
                    }
                    scans.Add(other);
                }
            }

            // The candidates-th best lower bound over every part: a document whose upper bound stays below it cannot make the cut.
            var lowers = scans.SelectMany(s => s.Lowers).OrderDescending().ToList();
            var cut = lowers.Count < candidates ? double.NegativeInfinity : lowers[candidates - 1];
            var docs = new List<int>(4 * candidates);
            foreach (var part in scans)
            {
                foreach (var (slot, score) in part.Scored)
                {
                    if (score + vectors.Bound(prepared, slot) >= cut)
                    {
                        docs.Add(_filterable[slot].Doc);
                    }
                }
            }
            docs.Sort();
            return new VectorShortlist([.. docs], scans.Sum(s => s.Passing));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    // Slots past the sample above which the rest of a pass is split over two cores (below it, starting a task costs more).
    private const int ParallelScanFrom = 16_384;

    /// <summary>One part of a shortlist's pass: the scores that may still make the cut, and the best lower bounds so far.</summary>
    private sealed class ShortlistScan(KeywordIndex index, QuantizedVectors vectors, PreparedQuery query, CompiledFilter filter, int candidates)
    {
        private readonly PriorityQueue<int, double> _floor = new(candidates + 1);
        private double _cut = double.NegativeInfinity;

        public List<(int Slot, double Score)> Scored { get; } = [];

        public int Passing { get; private set; }

        public IEnumerable<double> Lowers => _floor.UnorderedItems.Select(item => item.Priority);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Range(int from, int to)
        {
            var alive = index._alive;
            for (var slot = from; slot < to; slot++)
            {
                if (alive[slot])
                {
                    Consider(slot);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Consider(int slot)
        {
            if (!filter.Matches(in index._filterable[slot]))
            {
                return;
            }
            Passing++;
            if (!vectors.Has(slot))
            {
                return;
            }
            var score = vectors.Score(query, slot);
            var bound = vectors.Bound(query, slot);
            // The cut only rises: a document already below it is out (most of them, once the first few hundred are in).
            if (score + bound < _cut)
            {
                return;
            }
            Scored.Add((slot, score));
            var lower = score - bound;
            if (_floor.Count < candidates)
            {
                _floor.Enqueue(slot, lower);
                _cut = _floor.Count == candidates && _floor.TryPeek(out _, out var lowest) ? lowest : double.NegativeInfinity;
            }
            else if (lower > _cut)
            {
                _floor.DequeueEnqueue(slot, lower);
                _cut = _floor.TryPeek(out _, out var lowest) ? lowest : _cut;
            }
        }
    }

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
