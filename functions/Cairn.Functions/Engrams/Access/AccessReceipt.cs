using Cairn.Storage;

namespace Cairn.Engrams.Access;

// One recall's accesses, written by the recall in a single document (engram_accesses, partitioned by its own id) and
// applied to the engrams afterwards. At is the recall's time, in the sortable UTC form.
public sealed record AccessReceipt(Guid Id, string At, IReadOnlyList<AccessedEngram> Engrams)
{
    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string At = "at";
    }
}

public sealed record AccessedEngram(string Scope, Guid OwnerId, string EngramId);
