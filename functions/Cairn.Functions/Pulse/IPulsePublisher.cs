namespace Cairn.Pulse;

/// <summary>
/// Pushes pulse messages to connected agents in real time: the local WebSocket hub or Azure Web PubSub.
/// Best effort only: the inbox is the source of truth, and an agent that was offline catches up there.
/// Feature code calls <see cref="PulseDispatcher"/>, which orders, bounds and logs the calls to this port.
/// </summary>
public interface IPulsePublisher
{
    /// <summary>Sends to every connection of one agent (its Web PubSub user id is the agent id).</summary>
    Task PublishToAgentAsync(Guid agentId, PulseMessage message, CancellationToken cancellationToken);

    /// <summary>Sends to every connection that joined <paramref name="group"/> (see <see cref="PulseGroups"/>).</summary>
    Task PublishToGroupAsync(string group, PulseMessage message, CancellationToken cancellationToken);

    /// <summary>Sends to every connection.</summary>
    Task PublishToAllAsync(PulseMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the agent's open connections (its key was rotated or it was deleted), except, where the backend can tell,
    /// those opened with <paramref name="keepKeyVersion"/>. Clients see a close they should not try to resume.
    /// </summary>
    Task CloseAgentConnectionsAsync(Guid agentId, long? keepKeyVersion, string reason, CancellationToken cancellationToken);

    /// <summary>How many distinct agents are connected now, or null when the backend cannot tell cheaply.</summary>
    ValueTask<int?> CountConnectedAgentsAsync(CancellationToken cancellationToken);
}
