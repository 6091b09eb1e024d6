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
}
