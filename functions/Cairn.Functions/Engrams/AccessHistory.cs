namespace Cairn.Engrams;

/// <summary>
/// When an engram was accessed (learned, reinforced, recalled, confirmed by positive feedback): the most recent
/// accesses exactly, and the count and time of the first for the rest, so the history stays small however often
/// it is used. Oldest first.
/// </summary>
public sealed record AccessHistory(IReadOnlyList<DateTimeOffset> Recent, long Count, DateTimeOffset First)
{
    /// <summary>How many accesses are kept exactly; older ones enter the activation through Petrov's approximation.</summary>
    public const int Kept = 32;

    public static AccessHistory Starting(DateTimeOffset at) => new([at], 1, at);

    public DateTimeOffset Last => Recent[^1];

    public AccessHistory Record(DateTimeOffset at)
    {
        var recent = Recent.Append(at).Order().ToList();
        if (recent.Count > Kept)
        {
            recent.RemoveRange(0, recent.Count - Kept);
        }
        return new AccessHistory(recent, Count + 1, First < at ? First : at);
    }
}
