namespace Cairn.Agents;

/// <summary>Told when an agent's key is rotated, so features holding connections opened with the old key can end them.</summary>
public interface IAgentKeyRotationListener
{
    /// <summary>Called without waiting: the rotation has answered already.</summary>
    Task KeyRotatedAsync(Guid agentId, long keyVersion);
}
