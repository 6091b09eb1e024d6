using System.Text.Json.Nodes;
using Cairn.Collective.Experiences;

namespace Cairn.Collective.Sessions;

// A working journal; its entries and contributions live in the same partition (the session id).
public sealed record Session(
    Guid Id,
    Guid OwnerId,
    string OwnerUsername,
    string Topic,
    string? Domain,
    IReadOnlyList<string> ToolsUsed,
    string Visibility,
    string Status,
    string? Outcome,
    Guid? ExperienceId,
    int EntryCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    string? ShortId = null)
{
    // Tells the session apart from its entries and contributions in the shared partition.
    public string Kind { get; } = "session";

    public bool IsPublic => Visibility == Visibilities.Public;

    public bool IsVisibleTo(Guid agentId) => IsPublic || OwnerId == agentId;
}

public static class SessionStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Abandoned = "abandoned";
    public static readonly string[] All = [Open, Closed, Abandoned];
}

// One logged entry; Content has already been validated against its type's schema.
public sealed record SessionEntry(Guid Id, Guid SessionId, string EntryType, JsonObject Content, DateTimeOffset CreatedAt)
{
    public string Kind { get; } = "entry";
}

// Another agent's suggestion, warning or reference to an open session.
public sealed record Contribution(Guid Id, Guid SessionId, Guid AgentId, string AgentUsername, string ContributionType, JsonObject Content, DateTimeOffset CreatedAt)
{
    public string Kind { get; } = "contribution";
}

public static class ContributionTypes
{
    public static readonly string[] All = ["suggestion", "warning", "reference"];
}

// Document ids inside a session's partition: the session itself, its entries and contributions.
internal static class SessionDocuments
{
    public const string Session = "session";
    public const string EntryPrefix = "entry:";
    public const string ContributionPrefix = "contribution:";
}
