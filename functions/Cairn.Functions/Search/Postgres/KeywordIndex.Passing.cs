namespace Cairn.Search.Postgres;

public sealed partial class KeywordIndex
{
    // Slots sampled before Passing projects the whole count: a wrong projection only picks the slower path, never a wrong result.
    private const int SampleSlots = 8192;

    /// <summary>
    /// The documents (search_documents.doc, ascending) that pass <paramref name="filter"/>, when there are at most
    /// <paramref name="max"/> of them; null when more pass or the filter has no condition. The vector arm ranks so few
    /// exactly instead of walking HNSW until enough pass (docs/search.md, "The vector arm").
    /// </summary>
    public int[]? Passing(SearchFilter filter, int max)
    {
        if (max <= 0 || !HasCondition(filter))
        {
            return null;
        }
        _lock.EnterReadLock();
        try
        {
            if (Compile(filter) is not { } compiled)
            {
                return [];
            }
            var docs = new List<int>();
            if (Narrowest(compiled) is { } lists)
            {
                // A slot is under each of its names: one whose owner is another's scope can be in two of the lists.
                foreach (var slot in lists.Length == 1 ? lists[0] : lists.SelectMany(list => list).Distinct())
                {
                    if (compiled.Matches(in _filterable[slot]))
                    {
                        if (docs.Count == max)
                        {
                            return null;
                        }
                        docs.Add(_filterable[slot].Doc);
                    }
                }
                docs.Sort();
                return [.. docs];
            }
            var alive = _alive;
            var filterable = _filterable.AsSpan(0, _slots.Count);
            var slots = filterable.Length;
            for (var slot = 0; slot < slots; slot++)
            {
                // A broad filter (most of the documents pass) shows itself in the first slots: stop there, not at max.
                if (slot == SampleSlots && (long)docs.Count * slots > 2L * max * SampleSlots)
                {
                    return null;
                }
                if (alive[slot] && compiled.Matches(in filterable[slot]))
                {
                    if (docs.Count == max)
                    {
                        return null;
                    }
                    docs.Add(filterable[slot].Doc);
                }
            }
            docs.Sort();
            return [.. docs];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Whether more than <paramref name="documents"/> documents look likely to pass <paramref name="filter"/>, judged from the
    /// lists of its owner, scope or domain, else from the first slots: a guess that picks a path, never a result.
    /// </summary>
    public bool LikelyMoreThan(SearchFilter filter, long documents)
    {
        _lock.EnterReadLock();
        try
        {
            if (Compile(filter) is not { } compiled)
            {
                return false;
            }
            if (Narrowest(compiled) is { } lists)
            {
                return lists.Sum(list => (long)list.Count) > documents;
            }
            var slots = _slots.Count;
            var sample = Math.Min(slots, SampleSlots);
            var passing = 0;
            for (var slot = 0; slot < sample; slot++)
            {
                passing += _alive[slot] && compiled.Matches(in _filterable[slot]) ? 1 : 0;
            }
            return sample > 0 && (long)passing * slots > documents * sample;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    // The live slots a filter's single values hold (its owner, its domain, any of its scopes or tools), the smallest of those
    // sets; null when it names none of them (kind, visibility, status, quality: Passing scans every slot).
    private List<int>[]? Narrowest(CompiledFilter filter)
    {
        List<int>[]? narrowest = null;
        var size = long.MaxValue;
        void Consider(List<int>[] lists)
        {
            var count = lists.Sum(list => (long)list.Count);
            if (count < size)
            {
                (narrowest, size) = (lists, count);
            }
        }
        List<int> Of(int name) => _slotsOf.TryGetValue(name, out var slots) ? slots : [];

        if (filter.Owner is { } owner)
        {
            Consider([Of(owner)]);
        }
        if (filter.Domain is { } domain)
        {
            Consider([Of(domain)]);
        }
        if (filter.Scopes is { } scopes)
        {
            Consider([.. scopes.Distinct().Select(Of)]);
        }
        if (filter.Tools is { } tools)
        {
            Consider([.. tools.Distinct().Select(Of)]);
        }
        return narrowest;
    }

    internal static bool HasCondition(SearchFilter filter) =>
        filter.Kinds.Count > 0 || filter.Owner is not null || filter.VisibleTo is not null || filter.Scopes.Count > 0
        || filter.Domain is not null || filter.Tools.Count > 0 || filter.Statuses.Count > 0 || filter.MinQuality is not null;
}
