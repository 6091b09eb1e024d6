namespace Cairn.Search;

/// <summary>
/// One result: the document id, its fused score (higher is better; comparable only within one result list), and
/// what each arm said about it — null for an arm that did not run or did not return the document.
/// </summary>
public sealed record SearchHit(string Id, double Score, ArmResult? Keyword, ArmResult? Vector);

/// <summary>A document's 1-based rank and raw score in one arm: BM25 for keywords, cosine similarity for vectors.</summary>
public sealed record ArmResult(int Rank, double Score);
