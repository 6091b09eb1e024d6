using System.Collections.Concurrent;

namespace Cairn.Embeddings.Onnx;

// Threads that run the model and nothing else. On CPUs with Intel AMX (Xeon since Sapphire Rapids) ONNX Runtime's int8
// matrix kernel leaves AMX tile state live on the thread that ran it, and .NET cannot deliver a hardware exception on
// such a thread: the next NullReferenceException raised there, anywhere in the app, kills the process with SIGSEGV
// (docs/embeddings.md, "AMX"). Pool threads run everything, so inference must not run on them. Written by hand: the
// served AsyncContextThread (Nito.AsyncEx.Context) is one thread that also runs its callers' continuations, which must
// not happen here.
internal sealed class InferenceThreads : IDisposable
{
    [ThreadStatic]
    private static InferenceThreads? t_owner;

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread[] _threads;
    private int _disposed;

    public InferenceThreads(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _threads = [.. Enumerable.Range(1, count).Select(i => new Thread(Serve) { IsBackground = true, Name = $"{name} {i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public int Count => _threads.Length;

    // True on one of these threads: what runs here must raise no hardware exception (no null dereference, no integer
    // division by zero): only the model run and arithmetic on its arrays belong here.
    public bool OnInferenceThread => t_owner == this;

    // Runs the work on one of these threads and waits for it; its exception, if any, is rethrown here.
    public T Invoke<T>(Func<T> work) => OnInferenceThread ? work() : RunAsync(work).GetAwaiter().GetResult();

    // Queues the work for one of these threads. What awaits the task continues on the pool, never here
    // (RunContinuationsAsynchronously): app code must not run on a thread that has run the model.
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _work.Add(() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception exception)
                {
                    done.SetException(exception);
                }
            });
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(InferenceThreads), "The sentence model was unloaded.");
        }
        return done.Task;
    }

    private void Serve()
    {
        t_owner = this;
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }

    // Work already queued still runs; the threads end once it has. Waits for them, so nothing runs after this returns.
    // A second call does nothing (a host disposes the generator once per registration that resolves it).
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _work.CompleteAdding();
        if (OnInferenceThread)
        {
            return;
        }
        foreach (var thread in _threads)
        {
            thread.Join();
        }
        _work.Dispose();
    }
}
