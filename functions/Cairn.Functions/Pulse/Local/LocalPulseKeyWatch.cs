using Cairn.Agents;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse.Local;

// Ends real-time access that outlived its key: every KeyCheckInterval it reads each connected agent once and closes the
// connections opened with a key since rotated, or of an agent since deleted. Each instance checks its own sockets
// against the shared document store, so a rotation made on any instance reaches them all within one interval (the
// instance that rotated closes its own at once).
public sealed class LocalPulseKeyWatch(LocalPulseHub hub, IServiceProvider services, TimeProvider clock, IOptions<PulseOptions> options, ILogger<LocalPulseKeyWatch> logger)
    : BackgroundService
{
    // Resolved on first use: the pulse can be hosted (and its settings validated) without the agents feature.
    private AgentService Agents => field ??= services.GetRequiredService<AgentService>();

    public const string RotatedReason = "The agent's API key was rotated: negotiate again with the new key.";
    public const string DeletedReason = "The agent no longer exists.";

    // Raised after each periodic pass with the number of connections it closed.
    public event Action<int>? Checked;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != PulseProvider.Local)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.KeyCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Checked?.Invoke(await CheckAsync(stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    // One pass over the connected agents; returns how many connections it closed. A failed read skips that agent until
    // the next pass.
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var closed = 0;
        foreach (var (agentId, versions) in hub.ConnectedAgents())
        {
            try
            {
                var agent = await Agents.FindAsync(agentId, cancellationToken);
                if (agent is null)
                {
                    closed += hub.CloseAgent(agentId, DeletedReason);
                }
                else if (versions.Any(v => v != agent.KeyVersion()))
                {
                    closed += hub.CloseAgent(agentId, RotatedReason, keepVersion: agent.KeyVersion());
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Pulse key check of agent {AgentId} failed; it is checked again next time", agentId);
            }
        }
        if (closed > 0)
        {
            logger.LogInformation("Pulse key check closed {Count} connections of rotated or deleted agents", closed);
        }
        return closed;
    }
}
