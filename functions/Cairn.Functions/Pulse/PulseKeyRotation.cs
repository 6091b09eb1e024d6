using Cairn.Agents;
using Cairn.Pulse.Local;

namespace Cairn.Pulse;

/// <summary>Open sockets end with the old key (other instances: within their key check interval).</summary>
public sealed class PulseKeyRotation(PulseAccess pulse) : IAgentKeyRotationListener
{
    public Task KeyRotatedAsync(Guid agentId, long keyVersion) => pulse.EndAsync(agentId, keyVersion, LocalPulseKeyWatch.RotatedReason);
}
