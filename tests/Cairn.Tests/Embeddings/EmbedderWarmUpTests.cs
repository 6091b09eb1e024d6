using Cairn.Embeddings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Embeddings;

// The model's load must not compete for the CPU with start-up (docs/deploy.md, "Cold start"): in the app the server is
// the last hosted service to start, so a warm-up that loaded in StartAsync would run before the port opens.
[Trait("Storage", "None")]
public sealed class EmbedderWarmUpTests
{
    [Fact]
    public async Task TheModelStartsLoadingOnlyAfterEveryHostedServiceHasStartedSoAfterTheServerListens()
    {
        var loads = 0;
        var loaded = new TaskCompletionSource<(string, TimeSpan)>();
        var loading = new EmbedderLoading<string>("Test", _ => "model.onnx", _ =>
        {
            Interlocked.Increment(ref loads);
            return loaded.Task;
        });
        var server = new ServerStandIn(() => Volatile.Read(ref loads));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHostedService(_ => new EmbedderWarmUp<string>("generator", loading, NullLogger<EmbedderWarmUp<string>>.Instance));
        builder.Services.AddHostedService(_ => server);
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, server.LoadsWhenItStarted);
        Assert.Equal(1, Volatile.Read(ref loads));
        loaded.SetResult(("test-model", TimeSpan.FromMilliseconds(1)));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    // Stands for Kestrel, which WebApplication registers after the app's hosted services.
    private sealed class ServerStandIn(Func<int> loads) : IHostedService
    {
        public int LoadsWhenItStarted { get; private set; } = -1;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            LoadsWhenItStarted = loads();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
