using System.Text.Json.Serialization;

namespace Cairn.Engrams;

// When an engram was accessed (learned, reinforced, recalled, confirmed by positive feedback): the most recent accesses
// exactly, and the count and time of the first for the rest, so the history stays small however often it is used.
// Oldest first. Receipts names the recent recall receipts already counted, so applying a receipt twice (the drainer and
// the job racing, a retried batch) counts it once.
public sealed record AccessHistory(IReadOnlyList<DateTimeOffset> Recent, long Count, DateTimeOffset First, IReadOnlyList<Guid>? Receipts = null)
{
    // How many accesses are kept exactly; older ones enter the activation through Petrov's approximation.
    public const int Kept = 32;

    // How many applied receipt ids are remembered.
    public const int KeptReceipts = 64;

    public static AccessHistory Starting(DateTimeOffset at) => new([at], 1, at);

    [JsonIgnore]
    public DateTimeOffset Last => Recent[^1];

    public bool Counted(Guid receipt) => Receipts?.Contains(receipt) == true;

    public AccessHistory Record(DateTimeOffset at, Guid? receipt = null)
    {
        var recent = Recent.Append(at).Order().ToList();
        if (recent.Count > Kept)
        {
            recent.RemoveRange(0, recent.Count - Kept);
        }
        var receipts = receipt is { } id ? [.. (Receipts ?? []).TakeLast(KeptReceipts - 1), id] : Receipts;
        return new AccessHistory(recent, Count + 1, First < at ? First : at, receipts);
    }
}
