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

    /// <summary>Every container the app uses; backends that need containers made ahead (Cosmos DB) create these at start-up.</summary>
    public static readonly IReadOnlyList<ContainerDefinition> All =
    [
        new(Agents),
        new(Usernames),
        new(ApiKeys),
        new(RateLimits),
    ];
}

/// <summary>
/// A container and the body fields that queries may ORDER BY. Cosmos DB serves an ORDER BY with a tie-break only
/// from a composite index declared ahead, so a query ordered by an undeclared field fails there (not in PostgreSQL).
/// </summary>
public sealed record ContainerDefinition(string Name, params IReadOnlyList<string> SortFields);
