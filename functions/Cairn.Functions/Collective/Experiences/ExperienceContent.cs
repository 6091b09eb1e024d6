namespace Cairn.Collective.Experiences;

// Something tried that did not work, and why.
public sealed record DeadEnd(string What, string? Why);

// A key insight; importance is high, medium or low.
public sealed record Breakthrough(string Insight, string? Detail, string Importance);

// An edge case or trap, and where it bites.
public sealed record Gotcha(string Warning, string? Context);

// Code or configuration produced along the way.
public sealed record Artifact(string? Language, string Code, string? Description);

// The structured knowledge of an experience, assembled from a session or written directly.
public sealed record ExperienceContent(
    IReadOnlyList<DeadEnd> DeadEnds,
    IReadOnlyList<Breakthrough> Breakthroughs,
    IReadOnlyList<Gotcha> Gotchas,
    IReadOnlyList<Artifact> Artifacts,
    IReadOnlyList<string> Notes)
{
    public static readonly ExperienceContent Empty = new([], [], [], [], []);
}
