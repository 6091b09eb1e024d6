using System.Diagnostics;

namespace Cairn.Search.Postgres;

/// <summary>
/// Spans for the parts of a PostgreSQL search (catch-up, scoring, vector arm, fused statement), so a trace and the
/// benchmark show where a query's time goes (docs/search.md, "Where a query's time goes").
/// </summary>
public static class SearchActivities
{
    public const string Name = "Cairn.Search";

    public const string CatchUp = "search.keyword.catch_up";
    public const string Score = "search.keyword.score";
    public const string VectorArm = "search.vector_arm";
    public const string VectorMirror = "search.vector_mirror";
    public const string Statement = "search.statement";

    public static readonly ActivitySource Source = new(Name);
}
