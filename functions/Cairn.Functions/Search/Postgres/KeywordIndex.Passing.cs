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

    internal static bool HasCondition(SearchFilter filter) =>
        filter.Kinds.Count > 0 || filter.Owner is not null || filter.VisibleTo is not null || filter.Scopes.Count > 0
        || filter.Domain is not null || filter.Tools.Count > 0 || filter.Statuses.Count > 0 || filter.MinQuality is not null;
}
