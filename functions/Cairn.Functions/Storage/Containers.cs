namespace Cairn.Storage;

/// <summary>Container names and, in comments, what each is partitioned by (see docs/storage.md).</summary>
public static class Containers
{
    /// <summary>Agents, partitioned by agent id.</summary>
    public const string Agents = "agents";

    /// <summary>Username reservations (lower-cased username is id and partition), so uniqueness is a point write.</summary>
    public const string Usernames = "usernames";

    /// <summary>API key hashes → agent id; hash is id and partition, so authentication is a point read.</summary>
    public const string ApiKeys = "api_keys";

    /// <summary>Rate-limit windows, one per (limit, client); id is partition; they expire by TTL.</summary>
    public const string RateLimits = "rate_limits";

    /// <summary>Claimed Idempotency-Keys and the responses to replay, partitioned by agent id; id = SHA-256 of the key; they expire after 24 hours.</summary>
    public const string IdempotencyKeys = "idempotency_keys";

    /// <summary>Sessions with their entries and contributions, partitioned by session id (one partition per journal).</summary>
    public const string Sessions = "sessions";

    /// <summary>Experiences with their outcome reports and votes, partitioned by experience id.</summary>
    public const string Experiences = "experiences";

    /// <summary>Short id → experience id lookups; short id is id and partition.</summary>
    public const string ExperienceShortIds = "experience_short_ids";

    /// <summary>Short id → session id lookups; short id is id and partition.</summary>
    public const string SessionShortIds = "session_short_ids";

    /// <summary>Inbox events, partitioned by recipient agent id; they expire after the retention period.</summary>
    public const string Inbox = "inbox";

    /// <summary>
    /// Workspaces, partitioned by workspace id: the workspace document (id <c>workspace</c>) and one document per member
    /// (id <c>member:{agent id}</c>), so a membership check is a point read and listing members stays in one partition.
    /// </summary>
    public const string Workspaces = "workspaces";

    /// <summary>The workspaces each agent belongs to, partitioned by agent id (id = workspace id): "my workspaces" in one partition.</summary>
    public const string AgentWorkspaces = "agent_workspaces";

    /// <summary>Invite code hashes → workspace id; hash is id and partition, so joining is a point read.</summary>
    public const string WorkspaceInvites = "workspace_invites";

    /// <summary>
    /// Clipboard entries, partitioned by owner agent id, so every operation on one's own clipboard stays in one partition:
    /// entries (<c>named:{name}</c>, <c>stack:{idx}</c>), the chunks of large sealed values, and the stack counter.
    /// </summary>
    public const string Clipboard = "clipboard";

    /// <summary>Engrams, partitioned by scope, since recall (the hot path) reads by scope; id <c>{owner}:{engram id}</c>.</summary>
    public const string Engrams = "engrams";

    /// <summary>Statement claims that deduplicate learning, partitioned by owner; id = SHA-256(scope, statement hash).</summary>
    public const string EngramClaims = "engram_claims";

    /// <summary>Each owner's engram ids → scope and status, partitioned by owner: finding and listing one's own engrams.</summary>
    public const string EngramOwners = "engram_owners";

    /// <summary>Recall receipts (the accesses of one recall) waiting to be applied; each partitioned by its own id.</summary>
    public const string EngramAccesses = "engram_accesses";

    /// <summary>Previous content versions of engrams, partitioned by owner, id <c>{engram id}:v{n}</c>.</summary>
    public const string EngramVersions = "engram_versions";

    /// <summary>
    /// Agent memories (buffered observations and ring memories), partitioned by agent id, so every read of one's own
    /// memory stays in one partition. Sorted by <c>created_at</c> (timelines), <c>value</c> (eviction when a ring is
    /// full) and <c>due_at</c> (the decay job reads due memories across partitions, oldest first).
    /// </summary>
    public const string Memories = "memories";

    /// <summary>Memory sessions with their Z-reports, partitioned by agent id; <c>promotion_due_at</c> drives the promotion job.</summary>
    public const string MemorySessions = "memory_sessions";

    /// <summary>
    /// The collective best-practice pool, partitioned by pattern id (an HMAC): the pattern document and one document per
    /// contributor and per feedback, each keyed by the HMAC of an agent id, so counting contributors is a one-partition count.
    /// </summary>
    public const string MemoryPatterns = "memory_patterns";

    /// <summary>Webhook subscriptions, partitioned by owner agent id (docs/events.md).</summary>
    public const string Webhooks = "webhooks";

    /// <summary>Webhook and Event Grid deliveries (the outbox), partitioned by subscription id; <c>next_attempt_at</c> drives the dispatcher.</summary>
    public const string WebhookDeliveries = "webhook_deliveries";

    /// <summary>Inbound CloudEvents already applied, partitioned by the sending agent's id; id = SHA-256 of source and event id; they expire after the deduplication window.</summary>
    public const string InboundEvents = "inbound_events";

    /// <summary>Every container the app uses; backends that need containers made ahead (Cosmos DB) create these at start-up.</summary>
    public static readonly IReadOnlyList<ContainerDefinition> All =
    [
        new(Agents),
        new(Usernames),
        new(ApiKeys),
        new(RateLimits),
        new(IdempotencyKeys),
        new(Workspaces, "joined_at"),
        new(AgentWorkspaces, "joined_at"),
        new(WorkspaceInvites),
        new(Clipboard, DocumentFields.CreatedAt, "idx"),
        new(Sessions, DocumentFields.CreatedAt),
        new(Experiences, DocumentFields.CreatedAt),
        new(ExperienceShortIds),
        new(SessionShortIds),
        new(Inbox, DocumentFields.CreatedAt),
        new(Engrams),
        new(EngramClaims),
        new(EngramOwners),
        new(EngramAccesses),
        new(EngramVersions, "version"),
        new(Memories, DocumentFields.CreatedAt, "due_at", "value"),
        new(MemorySessions, "promotion_due_at"),
        new(MemoryPatterns),
        new(Webhooks, DocumentFields.CreatedAt),
        new(WebhookDeliveries, DocumentFields.CreatedAt, "next_attempt_at"),
        new(InboundEvents),
    ];
}

/// <summary>
/// A container and the body fields that queries may ORDER BY. Cosmos DB serves an ORDER BY with a tie-break only
/// from a composite index declared ahead, so a query ordered by an undeclared field fails there (not in PostgreSQL).
/// </summary>
public sealed record ContainerDefinition(string Name, params IReadOnlyList<string> SortFields);
