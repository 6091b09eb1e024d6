using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Cairn.Pulse.Local;

// The in-process pulse: connections indexed by agent and by group. Publishing only queues frames on each connection
// (never waits on a socket), so it completes at once and a slow client delays nobody else. One process only: with
// several instances, use Azure Web PubSub.
public sealed class LocalPulseHub : IPulsePublisher
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, ImmutableArray<LocalConnection>> _byAgent = new();
    private readonly ConcurrentDictionary<string, ImmutableArray<LocalConnection>> _byGroup = new(StringComparer.Ordinal);

    public Task PublishToAgentAsync(Guid agentId, PulseMessage message, CancellationToken cancellationToken)
    {
        if (_byAgent.TryGetValue(agentId, out var connections))
        {
            Send(connections, message);
        }
        return Task.CompletedTask;
    }

    public Task PublishToGroupAsync(string group, PulseMessage message, CancellationToken cancellationToken)
    {
        if (_byGroup.TryGetValue(group, out var connections))
        {
            Send(connections, message);
        }
        return Task.CompletedTask;
    }

    public Task PublishToAllAsync(PulseMessage message, CancellationToken cancellationToken)
    {
        Send(_connections.Values, message);
        return Task.CompletedTask;
    }

    public Task CloseAgentConnectionsAsync(Guid agentId, long? keepKeyVersion, string reason, CancellationToken cancellationToken)
    {
        CloseAgent(agentId, reason, keepKeyVersion);
        return Task.CompletedTask;
    }

    public ValueTask<int?> CountConnectedAgentsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<int?>(_byAgent.Count);

    internal void Add(LocalConnection connection) => TryAdd(connection, int.MaxValue);

    // Adds the connection unless its agent already holds maxPerAgent (checked and added in one step).
    internal bool TryAdd(LocalConnection connection, int maxPerAgent)
    {
        var added = false;
        _byAgent.AddOrUpdate(connection.AgentId,
            (_, _) => { added = true; return [connection]; },
            (_, existing, _) =>
            {
                added = existing.Length < maxPerAgent;
                return added ? existing.Add(connection) : existing;
            }, maxPerAgent);
        if (added)
        {
            _connections[connection.Id] = connection;
        }
        return added;
    }

    // The agents with at least one open connection here, and the key version each connection was opened with.
    internal IReadOnlyList<(Guid AgentId, IReadOnlyList<long> KeyVersions)> ConnectedAgents() =>
        _byAgent.Select(entry => (entry.Key, (IReadOnlyList<long>)entry.Value.Select(c => c.KeyVersion).Distinct().ToList())).ToList();

    // Closes the agent's connections (policy violation, 1008, so clients do not try to resume them), all of them or
    // only those opened with another key version than keepVersion; returns how many.
    public int CloseAgent(Guid agentId, string reason, long? keepVersion = null)
    {
        if (!_byAgent.TryGetValue(agentId, out var connections))
        {
            return 0;
        }
        var closing = connections.Where(c => keepVersion is not { } keep || c.KeyVersion != keep).ToList();
        foreach (var connection in closing)
        {
            connection.Close(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, reason);
        }
        return closing.Count;
    }

    internal void Remove(LocalConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        RemoveFrom(_byAgent, connection.AgentId, connection);
        foreach (var group in connection.Groups.Keys)
        {
            Leave(connection, group);
        }
    }

    internal void Join(LocalConnection connection, string group)
    {
        if (connection.Groups.TryAdd(group, true))
        {
            AddTo(_byGroup, group, connection);
        }
    }

    internal void Leave(LocalConnection connection, string group)
    {
        if (connection.Groups.TryRemove(group, out _))
        {
            RemoveFrom(_byGroup, group, connection);
        }
    }

    // Both wire forms are built at most once per publish and shared by every connection.
    private static void Send(IEnumerable<LocalConnection> connections, PulseMessage message)
    {
        byte[]? data = null;
        byte[]? frame = null;
        foreach (var connection in connections)
        {
            data ??= message.ToUtf8Json();
            connection.TryEnqueueData(data, ref frame);
        }
    }

    private static void AddTo<TKey>(ConcurrentDictionary<TKey, ImmutableArray<LocalConnection>> index, TKey key, LocalConnection connection)
        where TKey : notnull =>
        index.AddOrUpdate(key, static (_, added) => [added], static (_, existing, added) => existing.Add(added), connection);

    private static void RemoveFrom<TKey>(ConcurrentDictionary<TKey, ImmutableArray<LocalConnection>> index, TKey key, LocalConnection connection)
        where TKey : notnull
    {
        // Compare-and-swap so a concurrent add for the same key is never lost, and empty entries do not pile up.
        while (index.TryGetValue(key, out var current))
        {
            var next = current.Remove(connection);
            if (next.IsEmpty ? index.TryRemove(KeyValuePair.Create(key, current)) : index.TryUpdate(key, next, current))
            {
                return;
            }
        }
    }
}
