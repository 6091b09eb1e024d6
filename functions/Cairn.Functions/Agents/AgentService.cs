using System.Text.RegularExpressions;
using Cairn.Errors;
using Cairn.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Cairn.Agents;

public sealed partial class AgentService(IDocumentStore store, ApiKeys keys, TimeProvider clock) : IDisposable
{
    // Key hash → agent id, as the key documents say. A hash names one key of one agent for good, so each instance may
    // keep what it learned: the agent document, still read on every request, decides whether the key is current.
    private readonly MemoryCache _keyOwners = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private static readonly MemoryCacheEntryOptions KeyOwnerEntry = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) };

    public async Task<RegisterResponse> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        new Validator()
            .Required("name", request.Name).Length("name", request.Name?.Trim(), 1, 100).Label("name", request.Name?.Trim())
            .Required("username", request.Username).Length("username", request.Username, 3, 32)
            .Matches("username", request.Username, UsernamePattern(), "may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit.")
            .ThrowIfInvalid();
        Safety.ContentScanner.ThrowIfSensitive(Safety.ContentScanner.ScanAll(("name", request.Name), ("username", request.Username)));

        var name = request.Name!.Trim();
        var username = request.Username!;
        var handle = username.ToLowerInvariant();
        var agentId = Guid.CreateVersion7(clock.GetUtcNow());
        try
        {
            await store.CreateAsync(Containers.Usernames, handle, handle, new UsernameRecord(agentId), null, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            throw new ConflictException("username_taken", $"The username '{username}' is already taken; choose another.");
        }

        try
        {
            var key = ApiKeys.Generate();
            var hash = keys.Hash(key);
            var now = clock.GetUtcNow();
            await store.CreateAsync(Containers.ApiKeys, hash, hash, new ApiKeyRecord(agentId, now), null, cancellationToken);
            await store.CreateAsync(Containers.Agents, agentId.ToString(), agentId.ToString(), new Agent(agentId, name, username, hash, now, now), null, cancellationToken);
            return new RegisterResponse(agentId, name, username, key,
                "API key created successfully. Store it securely - it cannot be retrieved later.");
        }
        catch
        {
            // Release the username so a retry of the same registration can succeed.
            await store.DeleteAsync(Containers.Usernames, handle, handle, null, CancellationToken.None);
            throw;
        }
    }

    // Resolves an API key to its agent, or null. The key must be the agent's current one.
    public async Task<Agent?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        if (!ApiKeys.LooksLikeKey(key))
        {
            return null;
        }
        var hash = keys.Hash(key);
        if (!_keyOwners.TryGetValue(hash, out Guid agentId))
        {
            var pointer = await store.ReadAsync<ApiKeyRecord>(Containers.ApiKeys, hash, hash, cancellationToken);
            if (pointer is null)
            {
                return null;
            }
            agentId = _keyOwners.Set(hash, pointer.Body.AgentId, KeyOwnerEntry);
        }
        var agent = await FindAsync(agentId, cancellationToken);
        if (agent is not null && ApiKeys.SameHash(agent.KeyHash, hash))
        {
            return agent;
        }
        _keyOwners.Remove(hash); // rotated (or never completed): the key will not work again
        return null;
    }

    public async Task<Agent?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await store.ReadAsync<Agent>(Containers.Agents, id.ToString(), id.ToString(), cancellationToken))?.Body;

    public async Task<RotateKeyResponse> RotateKeyAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var current = await store.ReadAsync<Agent>(Containers.Agents, agentId.ToString(), agentId.ToString(), cancellationToken)
            ?? throw new NotFoundException("The agent");
        var key = ApiKeys.Generate();
        var hash = keys.Hash(key);
        var now = clock.GetUtcNow();
        await store.CreateAsync(Containers.ApiKeys, hash, hash, new ApiKeyRecord(agentId, now), null, cancellationToken);
        try
        {
            // The agent document names its one valid key: once this write lands, the old key fails authentication.
            await store.ReplaceAsync(Containers.Agents, agentId.ToString(), agentId.ToString(),
                current.Body with { KeyHash = hash, KeyRotatedAt = now }, current.ETag, null, cancellationToken);
        }
        catch (DocumentPreconditionFailedException)
        {
            await store.DeleteAsync(Containers.ApiKeys, hash, hash, null, CancellationToken.None);
            throw new ConflictException("concurrent_rotation", "The key was rotated by another request at the same time; use the key that request returned, or retry.");
        }
        await store.DeleteAsync(Containers.ApiKeys, current.Body.KeyHash, current.Body.KeyHash, null, cancellationToken);
        return new RotateKeyResponse(agentId, key, "API key rotated. Store the new key securely - the old key no longer works.") { KeyVersion = AgentKeys.VersionOf(hash) };
    }

    public void Dispose() => _keyOwners.Dispose();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex UsernamePattern();
}
