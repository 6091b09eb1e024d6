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

    /// <summary>Sessions with their entries and contributions, partitioned by session id (one partition per journal).</summary>
    public const string Sessions = "sessions";

    /// <summary>Experiences with their outcome reports and votes, partitioned by experience id.</summary>
    public const string Experiences = "experiences";

    /// <summary>Short id → experience id lookups; short id is id and partition.</summary>
    public const string ExperienceShortIds = "experience_short_ids";
}
