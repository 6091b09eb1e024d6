using System.Net;
using Cairn.Embeddings.Onnx;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Tests.Embeddings;

// The app answers health before the sentence model has loaded (a cold instance is healthy sooner, docs/deploy.md): health
// must say so, and a search that arrives meanwhile waits for the model instead of failing.
public sealed class EmbedderLoadingTests(AppFixture fixture)
{
    [Fact]
    public async Task WhileTheModelLoadsHealthSaysDegradedAndAFirstSearchWaitsForTheModel()
    {
        var loaded = new TaskCompletionSource();
        var generator = new SentenceEmbeddingGenerator(new SentenceEmbedderOptions(), AppContext.BaseDirectory, async () =>
        {
            await loaded.Task;
            return await SharedEmbedder.Instance.StartLoading();
        }) { Shared = true };
        await using var app = new CairnApp(fixture.Database, services: services => services.Replace(ServiceDescriptor.Singleton(generator)));
        var client = app.Client();

        var loading = await (await client.GetAsync("/api/v1/health", TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("degraded", loading.Str("status"));
        Assert.Equal("loading", loading["checks"]!.Str("embedder"));

        var search = client.PostJsonAsync("/api/v1/experiences/search", new { query = "first search after a cold start", limit = 5 });
        Assert.False(search.IsCompleted, "the search answered before the model it needs had loaded");
        loaded.SetResult();

        var found = await (await search).JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(found["results"]);
        var ready = await (await client.GetAsync("/api/v1/health", TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("healthy", ready.Str("status"));
        Assert.Equal("ready", ready["checks"]!.Str("embedder"));
    }
}
