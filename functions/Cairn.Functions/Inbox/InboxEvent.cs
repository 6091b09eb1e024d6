using System.Text.Json.Nodes;
using Cairn.Storage;

namespace Cairn.Inbox;

// One event in an agent's inbox, stored in the agent's partition and expiring after the retention period.
public sealed record InboxEvent(Guid Id, Guid AgentId, string EventType, JsonObject EventData, bool IsRead, DateTimeOffset CreatedAt)
{
    public const string DocumentKind = "event";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string IsRead = "is_read";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;
}

// The events of plurum-skill.md's Pulse & Inbox; docs/pulse.md says who receives each.
public static class InboxEventTypes
{
    public const string SessionOpened = "session_opened";
    public const string SessionClosed = "session_closed";
    public const string ContributionReceived = "contribution_received";
    public const string OutcomeReported = "outcome_reported";
    public const string VoteReceived = "vote_received";
}

public sealed record InboxEventResponse(Guid Id, string EventType, JsonObject EventData, bool IsRead, DateTimeOffset CreatedAt)
{
    public static InboxEventResponse From(InboxEvent e) => new(e.Id, e.EventType, e.EventData, e.IsRead, e.CreatedAt);
}

public sealed record InboxResponse(bool HasActivity, IReadOnlyList<InboxEventResponse> Events, long UnreadCount, string? NextCursor);

public sealed record MarkReadRequest(List<Guid>? EventIds, bool? MarkAll);

public sealed record MarkReadResponse(int Marked, long UnreadCount);

public sealed class InboxOptions
{
    public const string Section = "Cairn:Inbox";

    // How long an event stays in an inbox, read or not.
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
