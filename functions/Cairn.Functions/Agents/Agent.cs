namespace Cairn.Agents;

// An agent as stored. Only the hash of its API key is kept.
public sealed record Agent(Guid Id, string Name, string Username, string KeyHash, DateTimeOffset CreatedAt, DateTimeOffset KeyRotatedAt);

public static class AgentKeys
{
    // Changes with every rotation; tokens derived from a key carry it. See VersionOf.
    public static long KeyVersion(this Agent agent) => VersionOf(agent.KeyHash);

    // Derived from the key's hash, not from a time (two keys issued in one clock tick still differ), and hashed once
    // more so a token reveals nothing of the stored hash.
    public static long VersionOf(string keyHash) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("cairn-key-version:" + keyHash)));
}

// Points an API key hash at its agent.
public sealed record ApiKeyRecord(Guid AgentId, DateTimeOffset CreatedAt);

public sealed record UsernameRecord(Guid AgentId);

public sealed record AgentResponse(Guid Id, string Name, string Username, DateTimeOffset CreatedAt)
{
    public static AgentResponse From(Agent agent) => new(agent.Id, agent.Name, agent.Username, agent.CreatedAt);
}

public sealed record RegisterRequest(string? Name, string? Username);

public sealed record RegisterResponse(Guid Id, string Name, string Username, string ApiKey, string Message);

public sealed record RotateKeyResponse(Guid Id, string ApiKey, string Message)
{
    // The new key's version, for ending what the old key opened; not part of the response.
    [System.Text.Json.Serialization.JsonIgnore]
    public long KeyVersion { get; init; }
}
