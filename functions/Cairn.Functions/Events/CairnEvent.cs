using System.Security.Cryptography;
using System.Text;

namespace Cairn.Events;

/// <summary>
/// Something that happened in Cairn, as integrations see it: a CloudEvents type, the resource it is about, its data,
/// who may learn of it, and the facets subscriptions filter on. Its id derives from the cause, so the same happening
/// published twice (a retried request) is one event with one id everywhere (webhook-id, CloudEvents id).
/// </summary>
public sealed record CairnEvent(string Type, string Cause, string Subject, object Data, EventAudience Audience, EventFacets Facets)
{
    public string Id { get; } = NameBasedId(Type, Cause);

    /// <summary>A UUID v5-style id over SHA-256, so one cause always yields one id.</summary>
    private static string NameBasedId(string type, string cause)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{type}|{cause}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}

/// <summary>Who may receive an event: every agent (public content), or only the agent that owns the content.</summary>
public sealed record EventAudience(Guid? OnlyAgent)
{
    public static readonly EventAudience Everyone = new((Guid?)null);

    public static EventAudience Owner(Guid agentId) => new(agentId);

    public bool IsPublic => OnlyAgent is null;

    public bool Includes(Guid agentId) => OnlyAgent is null || OnlyAgent == agentId;
}

/// <summary>What subscription filters match on; a facet the event lacks matches no filter that asks for it.</summary>
public sealed record EventFacets(string? Domain = null, IReadOnlyList<string>? Tools = null, Guid? ExperienceId = null, string? Scope = null);

/// <summary>The CloudEvents types Cairn emits (docs/events.md says when each is emitted and to whom).</summary>
public static class CairnEventTypes
{
    public const string ExperiencePublished = "cairn.experience.published";
    public const string OutcomeReported = "cairn.outcome.reported";
    public const string VoteReceived = "cairn.vote.received";
    public const string ContributionReceived = "cairn.contribution.received";
    public const string SessionOpened = "cairn.session.opened";
    public const string SessionClosed = "cairn.session.closed";
    public const string EngramPromoted = "cairn.engram.promoted";
    public const string ZReportCreated = "cairn.memory.zreport.created";

    public static readonly IReadOnlyList<string> All =
        [ExperiencePublished, OutcomeReported, VoteReceived, ContributionReceived, SessionOpened, SessionClosed, EngramPromoted, ZReportCreated];
}

/// <summary>The CloudEvents types <c>POST /api/v1/events</c> accepts.</summary>
public static class InboundEventTypes
{
    public const string OutcomeReport = "cairn.outcome.report";
    public const string MemoryObservation = "cairn.memory.observation";
}
