using Cairn.Embeddings;
using Cairn.Embeddings.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cairn.Tests.Embeddings;

// The sentence model's own threads (why they exist: AmxCrashTests): work runs there and nowhere else, its failures reach
// the caller, and disposing waits for a run in progress, so the session is never freed under one.
[Trait("Storage", "None")]
public sealed class InferenceThreadsTests
{
    [Fact]
    public void WorkRunsOnTheirOwnThreadsNeverOnAPoolThread()
    {
        using var threads = new InferenceThreads(2, "test inference");

        var (pool, own, name) = threads.Invoke(() => (Thread.CurrentThread.IsThreadPoolThread, threads.OnInferenceThread, Thread.CurrentThread.Name));

        Assert.False(pool);
        Assert.True(own);
        Assert.StartsWith("test inference", name);
        Assert.False(threads.OnInferenceThread);
    }

    [Fact]
    public async Task WhatAwaitsTheWorkContinuesOffTheInferenceThreads()
    {
        using var threads = new InferenceThreads(1, "test inference");

        // On a pool thread there is no context to return to: a continuation run inline would run where the work ran.
        var (ranThere, continuedThere) = await Task.Run(async () =>
        {
            var ran = await threads.RunAsync(() => threads.OnInferenceThread);
            return (ran, threads.OnInferenceThread);
        }, TestContext.Current.CancellationToken);

        Assert.True(ranThere);
        Assert.False(continuedThere, "the awaiting code continued on the inference thread");
    }

    [Fact]
    public void AFailureInTheWorkReachesTheCaller()
    {
        using var threads = new InferenceThreads(1, "test inference");

        var error = Assert.Throws<InvalidDataException>(() => threads.Invoke<int>(() => throw new InvalidDataException("bad tensor")));

        Assert.Equal("bad tensor", error.Message);
        Assert.Equal(7, threads.Invoke(() => 7));
    }

    [Fact]
    public async Task DisposingWaitsForTheRunInProgressThenRefusesMore()
    {
        var threads = new InferenceThreads(1, "test inference");
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var run = Task.Run(() => threads.Invoke(() =>
        {
            started.Set();
            gate.Wait(TestContext.Current.CancellationToken);
            return 42;
        }), TestContext.Current.CancellationToken);
        started.Wait(TestContext.Current.CancellationToken);

        var disposing = Task.Run(threads.Dispose, TestContext.Current.CancellationToken);
        Assert.False(disposing.IsCompleted, "dispose returned while a run was still in progress");
        gate.Set();

        Assert.Equal(42, await run);
        await disposing;
        Assert.Throws<ObjectDisposedException>(() => threads.Invoke(() => 1));
    }

    [Fact]
    public void DisposingTwiceIsHarmless()
    {
        var threads = new InferenceThreads(2, "test inference");
        Assert.Equal(3, threads.Invoke(() => 3));

        threads.Dispose();
        threads.Dispose();

        Assert.Throws<ObjectDisposedException>(() => threads.Invoke(() => 1));
    }

    [Fact]
    public async Task AHostThatStopsDisposesItsOwnSentenceModelCleanly()
    {
        // The app's own registration with a model of its own (not the tests' shared one): the host disposes the
        // generator once for each registration that resolved it, and the second used to throw out of shutdown.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddCairnEmbeddings(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Single(await generator.GenerateAsync(["one text"], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(EmbedderState.Ready, host.Services.GetRequiredService<SentenceEmbeddingGenerator>().State);

        await host.StopAsync(TestContext.Current.CancellationToken);
        host.Dispose();
    }

    [Fact]
    public async Task TheSentenceModelRunsOnItsInferenceThreads()
    {
        var encoder = await Support.SharedEmbedder.Instance.StartLoading();

        Assert.Equal(Environment.ProcessorCount, encoder.InferenceThreadCount);
        Assert.False(encoder.OnInferenceThread);
        Assert.Single(encoder.Embed(["vectors come from the model's own threads"]));
    }
}
