namespace Cairn.Events;

/// <summary>Wakes the in-app dispatcher when new deliveries are queued, so a first attempt does not wait for the next poll.</summary>
public sealed class DispatchSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every delivery queued before it.
        }
    }

    /// <summary>Waits for a signal or for <paramref name="timeout"/> to pass on <paramref name="clock"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, linked.Token);
        var signalled = _pending.WaitAsync(linked.Token);
        await Task.WhenAny(delay, signalled);
        await linked.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
