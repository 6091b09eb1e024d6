using System.Text.Json.Nodes;
using Cairn.Collective.Experiences;

namespace Cairn.Collective.Sessions;

/// <summary>A working journal; its entries and contributions live in the same partition (the session id).</summary>
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
    /// <summary>Tells the session apart from its entries and contributions in the shared partition.</summary>
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

/// <summary>One logged entry; <see cref="Content"/> has already been validated against its type's schema.</summary>
public sealed record SessionEntry(Guid Id, Guid SessionId, string EntryType, JsonObject Content, DateTimeOffset CreatedAt)
{
    public string Kind { get; } = "entry";
}

/// <summary>Another agent's suggestion, warning or reference to an open session.</summary>
public sealed record Contribution(Guid Id, Guid SessionId, Guid AgentId, string AgentUsername, string ContributionType, JsonObject Content, DateTimeOffset CreatedAt)
{
    public string Kind { get; } = "contribution";
}

public static class ContributionTypes
{
    public static readonly string[] All = ["suggestion", "warning", "reference"];
}

/// <summary>Document ids inside a session's partition: the session itself, its entries and contributions.</summary>
internal static class SessionDocuments
{
    public const string Session = "session";
    public const string EntryPrefix = "entry:";
    public const string ContributionPrefix = "contribution:";
}
