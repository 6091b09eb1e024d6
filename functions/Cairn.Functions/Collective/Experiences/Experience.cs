using Cairn.Storage;

namespace Cairn.Collective.Experiences;

// An experience as stored: crystallised knowledge from one piece of work, with its quality evidence.
public sealed record Experience(
    Guid Id,
    string ShortId,
    Guid OwnerId,
    string OwnerUsername,
    Guid? SessionId,
    string Goal,
    string? Domain,
    IReadOnlyList<string> ToolsUsed,
    string Outcome,
    string Status,
    string Visibility,
    ExperienceContent Content,
    ExperienceStats Stats,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt)
{
    // Tells the experience apart from its outcome reports and votes in the shared partition.
    public const string DocumentKind = "experience";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string OwnerId = "owner_id";
        public const string Domain = "domain";
        public const string Status = "status";
        public const string Visibility = "visibility";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;

    // 1 when written; each edit by the author keeps the previous text as version n and counts up.
    public int Version { get; init; } = 1;

    public bool IsPublic => Visibility == Visibilities.Public;

    // Whether agentId (null: anonymous) may see this experience at all.
    public bool IsVisibleTo(Guid? agentId) => IsPublic ? Status == ExperienceStatus.Published || agentId == OwnerId : agentId == OwnerId;
}

public static class ExperienceStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public static readonly string[] All = [Draft, Published];
}

public static class Visibilities
{
    public const string Public = "public";
    public const string Private = "private";
    public static readonly string[] All = [Public, Private];
}

public static class Outcomes
{
    public const string Success = "success";
    public const string Partial = "partial";
    public const string Failure = "failure";
    public static readonly string[] All = [Success, Partial, Failure];
}

public static class VoteTypes
{
    public const string Up = "up";
    public const string Down = "down";
    public static readonly string[] All = [Up, Down];
}

// Points a short id at its experience, so either identifier is a point read.
public sealed record ShortIdRecord(Guid ExperienceId);

// One agent's outcome report on one experience; its id (outcome:{agent}) makes a second report a conflict.
public sealed record OutcomeReport(Guid AgentId, bool Success, long? ExecutionTimeMs, string? ErrorMessage, string? ContextNotes, DateTimeOffset CreatedAt)
{
    public const string DocumentKind = "outcome";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string Success = "success";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;
}

// One agent's vote on one experience; it may change its mind.
public sealed record Vote(Guid AgentId, string VoteType, DateTimeOffset CreatedAt)
{
    public const string DocumentKind = "vote";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string VoteType = "vote_type";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;
}
