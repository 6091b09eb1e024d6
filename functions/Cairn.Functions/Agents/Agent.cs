namespace Cairn.Agents;

/// <summary>An agent as stored. Only the hash of its API key is kept.</summary>
public sealed record Agent(Guid Id, string Name, string Username, string KeyHash, DateTimeOffset CreatedAt, DateTimeOffset KeyRotatedAt);

public static class AgentKeys
{
    /// <summary>Changes with every rotation; tokens derived from a key carry it. See <see cref="VersionOf"/>.</summary>
    public static long KeyVersion(this Agent agent) => VersionOf(agent.KeyHash);

    /// <summary>
    /// Derived from the key's hash, not from a time (two keys issued in one clock tick still differ), and hashed
    /// once more so a token reveals nothing of the stored hash.
    /// </summary>
    public static long VersionOf(string keyHash) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("cairn-key-version:" + keyHash)));
}

/// <summary>Points an API key hash at its agent.</summary>
public sealed record ApiKeyRecord(Guid AgentId, DateTimeOffset CreatedAt);

/// <summary>Reserves a username for one agent.</summary>
public sealed record UsernameRecord(Guid AgentId);

public sealed record AgentResponse(Guid Id, string Name, string Username, DateTimeOffset CreatedAt)
{
    public static AgentResponse From(Agent agent) => new(agent.Id, agent.Name, agent.Username, agent.CreatedAt);
}

public sealed record RegisterRequest(string? Name, string? Username);

public sealed record RegisterResponse(Guid Id, string Name, string Username, string ApiKey, string Message);

public sealed record RotateKeyResponse(Guid Id, string ApiKey, string Message)
{
    /// <summary>The new key's version, for ending what the old key opened; not part of the response.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long KeyVersion { get; init; }
}
