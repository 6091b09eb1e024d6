namespace Cairn.Collective.Experiences;

/// <summary>Something tried that did not work, and why.</summary>
public sealed record DeadEnd(string What, string? Why);

/// <summary>A key insight; importance is high, medium or low.</summary>
public sealed record Breakthrough(string Insight, string? Detail, string Importance);

/// <summary>An edge case or trap, and where it bites.</summary>
public sealed record Gotcha(string Warning, string? Context);

/// <summary>Code or configuration produced along the way.</summary>
public sealed record Artifact(string? Language, string Code, string? Description);

/// <summary>The structured knowledge of an experience, assembled from a session or written directly.</summary>
public sealed record ExperienceContent(
    IReadOnlyList<DeadEnd> DeadEnds,
    IReadOnlyList<Breakthrough> Breakthroughs,
    IReadOnlyList<Gotcha> Gotchas,
    IReadOnlyList<Artifact> Artifacts,
    IReadOnlyList<string> Notes)
{
    public static readonly ExperienceContent Empty = new([], [], [], [], []);
}
