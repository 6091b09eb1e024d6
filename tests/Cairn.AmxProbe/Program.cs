using Cairn.Embeddings.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

// Embeds with the default sentence model as the app does, from many pool threads at once, then raises and catches a
// NullReferenceException on every pool thread. On a CPU with AMX, a pool thread that has run the int8 model cannot
// survive one (docs/embeddings.md, "AMX"): this process then dies with SIGSEGV (exit 139) instead of printing "survived".
using var generator = new SentenceEmbeddingGenerator(Options.Create(new SentenceEmbedderOptions { QueryCacheSize = 0 }));
var texts = Enumerable.Range(0, 48).Select(i => $"text {i}: why does the docker build cache miss after every commit").ToArray();
await Parallel.ForEachAsync(texts, async (text, cancellationToken) =>
{
    var embedded = await generator.GenerateAsync([text], cancellationToken: cancellationToken);
    if (embedded[0].Vector.Length != generator.Model.Dimensions)
    {
        throw new InvalidOperationException("the model gave a vector of the wrong size");
    }
});

object? nothing = null;
var caught = 0;
var threads = new HashSet<int>();
await Parallel.ForAsync(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 4 * Environment.ProcessorCount }, (_, _) =>
{
    lock (threads)
    {
        threads.Add(Environment.CurrentManagedThreadId);
    }
    try
    {
        // A hardware-raised NullReferenceException (a load through null), as a bug anywhere in the app would raise.
        _ = nothing!.GetHashCode();
    }
    catch (NullReferenceException)
    {
        Interlocked.Increment(ref caught);
    }
    return ValueTask.CompletedTask;
});
Console.WriteLine($"survived: {texts.Length} texts embedded, {caught} null references caught on {threads.Count} pool threads");
