namespace Cairn.Engrams.Access;

/// <summary>
/// One recall's accesses, written by the recall in a single document (<c>engram_accesses</c>, partitioned by its
/// own id) and applied to the engrams afterwards. <see cref="At"/> is the recall's time, in the sortable UTC form.
/// </summary>
public sealed record AccessReceipt(Guid Id, string At, IReadOnlyList<AccessedEngram> Engrams);

/// <summary>Where one recalled engram lives.</summary>
public sealed record AccessedEngram(string Scope, Guid OwnerId, string EngramId);
