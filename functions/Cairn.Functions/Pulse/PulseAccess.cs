namespace Cairn.Pulse;

// Ends an agent's real-time access when its key changes or it is deleted. Like a push, it never fails or slows the
// request that caused it: a failure is logged, and locally each instance's key check closes what was missed.
public sealed class PulseAccess(IPulsePublisher publisher, ILogger<PulseAccess> logger)
{
    // Starts closing the agent's connections (keeping those opened with keepKeyVersion); the task never faults.
    public Task EndAsync(Guid agentId, long? keepKeyVersion, string reason) => Task.Run(async () =>
    {
        try
        {
            await publisher.CloseAgentConnectionsAsync(agentId, keepKeyVersion, reason, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Closing the pulse connections of agent {AgentId} failed", agentId);
        }
    });
}
