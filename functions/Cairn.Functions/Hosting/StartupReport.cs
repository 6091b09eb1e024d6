using System.Diagnostics;
using System.Runtime;

namespace Cairn.Hosting;

// Logs, once the port is open, how long the process took to get there and how much of it was JIT compilation: the
// cold-start figure an operator sees in the logs of a scaled-from-zero instance (docs/deploy.md, "Cold start").
internal sealed class StartupReport(TimeProvider time, ILogger<StartupReport> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var sinceStart = time.GetUtcNow() - process.StartTime.ToUniversalTime();
        logger.LogInformation(
            "Listening {Milliseconds:F0} ms after the process started ({CpuMilliseconds:F0} ms of CPU; {Methods} methods JIT-compiled in {JitMilliseconds:F0} ms)",
            sinceStart.TotalMilliseconds, process.TotalProcessorTime.TotalMilliseconds, JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
