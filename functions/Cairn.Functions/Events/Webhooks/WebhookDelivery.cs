using Cairn.Storage;

namespace Cairn.Events.Webhooks;

/// <summary>
/// One event on its way to one subscription (or to Event Grid), partitioned by subscription id; its id derives from
/// the event and the target, so publishing the same event twice queues it once. <see cref="Payload"/> is the exact
/// CloudEvents JSON sent on every attempt, so retries and redeliveries carry the same bytes and the same webhook-id.
/// </summary>
public sealed record WebhookDelivery(
    Guid Id,
    string SubscriptionId,
    Guid? OwnerId,
    string EventId,
    string EventType,
    string Payload,
    string Status,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FirstAttemptAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    /// <summary>Attempts kept per delivery (the newest); the count says how many there were.</summary>
    public const int KeptAttempts = 20;

    public const string DocumentKind = "delivery";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string Status = "status";
        public const string NextAttemptAt = "next_attempt_at";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;

    public WebhookDelivery WithAttempt(DeliveryAttempt attempt) =>
        this with { AttemptCount = AttemptCount + 1, FirstAttemptAt = FirstAttemptAt ?? attempt.At, Attempts = [.. Attempts.TakeLast(KeptAttempts - 1), attempt] };
}

/// <summary>One try: when, what came back (status code, or the error when there was no answer), and how long it took.</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, string? Error, string? ResponseExcerpt, double DurationMs);

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Given up on (the retry window passed, or the subscription was disabled): the dead-letter list.</summary>
    public const string Failed = "failed";

    public static readonly string[] All = [Pending, Delivered, Failed];
}

public sealed record DeliveryResponse(
    Guid Id, string EventId, string EventType, string Status, int AttemptCount, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt, string? LastError, IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static DeliveryResponse From(WebhookDelivery d) =>
        new(d.Id, d.EventId, d.EventType, d.Status, d.AttemptCount, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.CreatedAt,
            d.FinishedAt, d.LastError, d.Attempts);
}

public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Deliveries, string? NextCursor);
