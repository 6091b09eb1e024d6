using System.Text.Json.Nodes;
using Cairn.Collective.Experiences;
using Cairn.Storage;

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
    public const string DocumentKind = "session";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string OwnerId = "owner_id";
        public const string Domain = "domain";
        public const string ToolsUsed = "tools_used";
        public const string Status = "status";
        public const string Visibility = "visibility";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;

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
    public const string DocumentKind = "entry";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;
}

// Another agent's suggestion, warning or reference to an open session.
public sealed record Contribution(Guid Id, Guid SessionId, Guid AgentId, string AgentUsername, string ContributionType, JsonObject Content, DateTimeOffset CreatedAt)
{
    public const string DocumentKind = "contribution";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string AgentId = "agent_id";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;
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
