namespace Cairn.Search;

// Whether the index's vectors all come from the current embedding model. While a changed model is being re-embedded
// (SearchReembedJob) searches leave the vector arm out, so one ranking never mixes two models. Ready unless the index,
// at start-up, finds a re-embedding to do.
public sealed class VectorReadiness
{
    private volatile TaskCompletionSource _ready = Completed();
    private long _done;
    private long _total;

    public bool IsReady => _ready.Task.IsCompleted;

    // Completes when every vector is of the current model.
    public Task WhenReady => _ready.Task;

    public (long Done, long Total) Progress => (Interlocked.Read(ref _done), Interlocked.Read(ref _total));

    // total: the documents to re-embed, counted before the first request is served, so progress is never "0/0".
    public void MarkPending(long total)
    {
        Report(0, total);
        if (_ready.Task.IsCompleted)
        {
            _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Report(long done, long total)
    {
        Interlocked.Exchange(ref _done, done);
        Interlocked.Exchange(ref _total, total);
    }

    public void MarkReady() => _ready.TrySetResult();

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
