using System.Buffers;

namespace Cairn.Search.Postgres;

/// <summary>A document as search_documents stores it for the keyword arm: its filter columns and its forward index.</summary>
public sealed record KeywordRow(
    int Doc, string Id, ulong Xid, string Kind, string? Owner, bool Public, string? Scope, string? Domain, string[] Tools, string? Status,
    double? Quality, int[] Lengths, int[] Terms, int[] Tfs, float[]? Embedding = null);

/// <summary>A query term: a search_terms id (a lexeme in one field) and how often the query says it.</summary>
public readonly record struct QueryTerm(int Term, int Field, double Qtf);

/// <summary>
/// The in-process mirror of the keyword index: a posting list per term over document slots, with the per-document
/// filter attributes, scored by exact BM25. A document rewritten with new text gets a new slot (its old postings go
/// dead and are compacted once they outnumber the live ones). Searches share a read lock; changes take the write lock.
/// </summary>
public sealed partial class KeywordIndex
{
    // Title, content, notes: search_tokens numbers them 0, 1, 2.
    private const int SlotFields = 3;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _slotOfDoc = [];
    private readonly List<Slot> _slots = [];
    private bool[] _alive = new bool[1024];
    // What filters read, per slot, in one array: Passing scans every slot, and structs in a row scan faster than a
    // reference to follow per slot.
    private Filterable[] _filterable = new Filterable[1024];
    // The live slots holding each name as owner, scope, domain or tool, so Passing visits only what a selective filter can let
    // through instead of every slot.
    private readonly Dictionary<int, List<int>> _slotsOf = [];
    private int[] _lengths = new int[1024 * SlotFields];
    private PostingList?[] _postings = new PostingList?[1024];
    private readonly long[] _fieldDocs = new long[SlotFields];
    private readonly long[] _fieldTokens = new long[SlotFields];

    public int Documents
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotOfDoc.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Postings held, dead ones included.</summary>
    public long Postings
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _postings.Sum(p => (long)(p?.Count ?? 0));
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Applies rows and deletions read from the database; a row already applied (same transaction) is skipped.</summary>
    public void Apply(IReadOnlyList<KeywordRow> rows, IReadOnlyList<int> deleted)
    {
        if (rows.Count == 0 && deleted.Count == 0)
        {
            return;
        }
        _lock.EnterWriteLock();
        try
        {
            foreach (var row in rows)
            {
                ApplyRow(row);
            }
            foreach (var doc in deleted)
            {
                if (_slotOfDoc.Remove(doc, out var slot))
                {
                    Kill(slot);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void ApplyRow(KeywordRow row)
    {
        if (_slotOfDoc.TryGetValue(row.Doc, out var slot))
        {
            var current = _slots[slot];
            if (current.Xid == row.Xid)
            {
                return;
            }
            // Votes and outcomes change only status and quality: the slot and its postings stay.
            if (current.Terms.AsSpan().SequenceEqual(row.Terms) && current.TfsHash == Hash(row.Tfs)
                && _lengths.AsSpan(slot * SlotFields, SlotFields).SequenceEqual(row.Lengths))
            {
                SetSlot(slot, Attributes(row, current.Terms));
                SetVector(slot, row.Embedding);
                return;
            }
            Kill(slot);
        }
        slot = _slots.Count;
        _slots.Add(null!);
        EnsureSlotCapacity(slot + 1);
        _alive[slot] = true;
        SetSlot(slot, Attributes(row, row.Terms));
        SetVector(slot, row.Embedding);
        _slotOfDoc[row.Doc] = slot;
        for (var field = 0; field < SlotFields; field++)
        {
            var length = row.Lengths.Length > field ? row.Lengths[field] : 0;
            _lengths[slot * SlotFields + field] = length;
            _fieldDocs[field] += length > 0 ? 1 : 0;
            _fieldTokens[field] += length;
        }
        for (var i = 0; i < row.Terms.Length; i++)
        {
            var term = row.Terms[i];
            if (term >= _postings.Length)
            {
                Array.Resize(ref _postings, Math.Max(term + 1, _postings.Length * 2));
            }
            (_postings[term] ??= new PostingList()).Add(new Posting(slot, row.Tfs[i]));
        }
    }

    private void Kill(int slot)
    {
        _alive[slot] = false;
        for (var field = 0; field < SlotFields; field++)
        {
            var length = _lengths[slot * SlotFields + field];
            _fieldDocs[field] -= length > 0 ? 1 : 0;
            _fieldTokens[field] -= length;
        }
        foreach (var term in _slots[slot].Terms)
        {
            _postings[term]!.Kill(_alive);
        }
        SetSlot(slot, _slots[slot] with { Terms = [], Tools = [] });
    }

    // A slot is listed under its names while it lives: set _alive before a new slot's first SetSlot, clear it before the last.
    private void SetSlot(int slot, Slot value)
    {
        var listed = _slots[slot] is { } previous ? Names(previous) : [];
        var listing = _alive[slot] ? Names(value) : [];
        foreach (var name in listed.Except(listing))
        {
            _slotsOf[name].Remove(slot);
        }
        foreach (var name in listing.Except(listed))
        {
            if (!_slotsOf.TryGetValue(name, out var slots))
            {
                _slotsOf[name] = slots = [];
            }
            slots.Add(slot);
        }
        _slots[slot] = value;
        _filterable[slot] = new Filterable(value.Doc, value.Kind, value.Owner, value.Public, value.Scope, value.Domain, value.Tools, value.Status, value.Quality);
    }

    private static int[] Names(Slot slot) => [.. new[] { slot.Owner, slot.Scope, slot.Domain }.Concat(slot.Tools).Where(name => name >= 0).Distinct()];

    private Slot Attributes(KeywordRow row, int[] terms) => new(
        row.Doc, row.Id, row.Xid, Name(row.Kind), Name(row.Owner), row.Public, Name(row.Scope), Name(row.Domain),
        [.. row.Tools.Select(t => Name(t))], Name(row.Status), row.Quality ?? double.NaN, terms, Hash(row.Tfs));

    // FNV-1a over the term frequencies: enough to tell a rewrite from a status change without keeping them.
    private static long Hash(int[] values)
    {
        var hash = unchecked((long)0xcbf29ce484222325);
        foreach (var value in values)
        {
            hash = unchecked((hash ^ value) * 0x100000001b3);
        }
        return hash;
    }

    /// <summary>Gives every posting list back its spare capacity (after a whole load, when no list grows for a while).</summary>
    public void Trim()
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var list in _postings)
            {
                list?.Trim();
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private int Name(string? value)
    {
        if (value is null)
        {
            return -1;
        }
        if (!_names.TryGetValue(value, out var id))
        {
            id = _names.Count;
            _names.Add(value, id);
        }
        return id;
    }

    private void EnsureSlotCapacity(int slots)
    {
        if (slots > _alive.Length)
        {
            var size = Math.Max(slots, _alive.Length * 2);
            Array.Resize(ref _alive, size);
            Array.Resize(ref _filterable, size);
            Array.Resize(ref _lengths, size * SlotFields);
        }
    }

    private readonly record struct Posting(int Slot, int Tf);

    private readonly record struct Filterable(int Doc, int Kind, int Owner, bool Public, int Scope, int Domain, int[] Tools, int Status, double Quality);

    private sealed record Slot(
        int Doc, string Id, ulong Xid, int Kind, int Owner, bool Public, int Scope, int Domain, int[] Tools, int Status, double Quality,
        int[] Terms, long TfsHash);

    private sealed class PostingList
    {
        private Posting[] _items = new Posting[4];

        public int Count { get; private set; }

        /// <summary>Documents holding the term: BM25's df.</summary>
        public int Live { get; private set; }

        public ReadOnlySpan<Posting> Items => _items.AsSpan(0, Count);

        public void Add(Posting posting)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, Math.Max(_items.Length * 2, 4));
            }
            _items[Count++] = posting;
            Live++;
        }

        public void Trim() => Array.Resize(ref _items, Math.Max(Count, 1));

        // Dead entries are skipped while scoring; once they outnumber the live ones the list is rewritten without them.
        public void Kill(bool[] alive)
        {
            Live--;
            if (Count - Live <= Math.Max(Live, 16))
            {
                return;
            }
            var kept = 0;
            for (var i = 0; i < Count; i++)
            {
                if (alive[_items[i].Slot])
                {
                    _items[kept++] = _items[i];
                }
            }
            Count = kept;
            if (kept < _items.Length / 4)
            {
                Array.Resize(ref _items, Math.Max(kept, 4));
            }
        }
    }

    private static double[] Rent(int size)
    {
        var scores = ArrayPool<double>.Shared.Rent(size);
        Array.Clear(scores, 0, size);
        return scores;
    }
}
