using System.Net;
using Cairn.Search;
using Cairn.Search.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Tests.Search;

// Changing the embedding model: the app re-embeds the index in the background, keeps answering (keyword-only)
// meanwhile, never ranks one model's vectors against the other's, reports progress in /api/v1/health, and resumes after
// a restart.
public sealed class ReembedTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    // Model A: the suite's hashing embedder. Model B: the same size, but every word lands elsewhere.
    private static float[] ModelA(string text) => HashingEmbedder.Embed(text);

    private static float[] ModelB(string text) => HashingEmbedder.Embed(string.Join(' ', text.Split(' ').Select(w => new string([.. w.Reverse()]))));

    [Fact]
    public async Task AnIndexBuiltWithModelAIsServedWhileMigratingToModelBAndRankingsNeverMix()
    {
        string[] titles = ["kafka consumer lag alerts", "kafka topic retention", "redis eviction policy"];
        await using (var appA = App(new TestEmbedder("test-a", ModelA)))
        {
            await Index(appA).UpsertAsync([.. titles.Select(t => Doc(t, ModelA))], None);
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var appB = App(new TestEmbedder("test-b", ModelB, gate.Task));
        var index = Index(appB);
        var vectors = appB.Services.GetRequiredService<VectorReadiness>();

        // Mid-migration: keyword-only answers, nothing from the vector arm, and health says how far it is.
        Assert.False(vectors.IsReady);
        var during = await index.SearchAsync(new SearchQuery("kafka consumer lag") { Vector = ModelB("kafka consumer lag") }, None);
        Assert.Equal("kafka consumer lag alerts", during[0].Id);
        Assert.All(during, hit => Assert.Null(hit.Vector));
        Assert.Empty(await index.SearchAsync(new SearchQuery("") { Vector = ModelB("kafka consumer lag") }, None));
        var health = await (await appB.Client().GetAsync("/api/v1/health", None)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("degraded", "re-embedding 0/3"), (health.Str("status"), health["checks"]!.Str("search")));
        // A write meanwhile carries model B already.
        await index.UpsertAsync([Doc("kafka partition rebalancing", ModelB)], None);

        gate.SetResult();
        await vectors.WhenReady.WaitAsync(TimeSpan.FromSeconds(30), None);

        var query = ModelB("kafka consumer lag");
        var after = await index.SearchAsync(new SearchQuery("") { Vector = query, Limit = 10 }, None);
        Assert.Equal(4, after.Count);
        Assert.All(after, hit => Assert.Equal(Cosine(query, ModelB(hit.Id)), hit.Vector!.Score, 4));
        // The keyword mirror loaded mid-migration, without the old vectors; re-embedding stamped each row, so a filtered
        // search, which ranks the mirror's copies first, finds all four by model B's vector.
        var filtered = await index.SearchAsync(
            new SearchQuery("zyxwvutsrq") { Vector = query, Filter = new SearchFilter { Kinds = ["experience"] }, Limit = 10 }, None);
        Assert.Equal(1, appB.Services.GetRequiredService<PostgresSearchIndex>().ShortlistedSearches);
        Assert.Equal(after.Select(h => h.Id).Order(StringComparer.Ordinal), filtered.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.All(filtered, hit => Assert.Equal(Cosine(query, ModelB(hit.Id)), hit.Vector!.Score, 4));
        health = await (await appB.Client().GetAsync("/api/v1/health", None)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("ready", health["checks"]!.Str("search"));
    }

    [Fact]
    public async Task AnInterruptedReembeddingResumesWhereItStopped()
    {
        var titles = Enumerable.Range(0, 70).Select(i => $"runbook entry {i} for the payments service").ToList();
        await using (var appA = App(new TestEmbedder("test-a", ModelA)))
        {
            await Index(appA).UpsertAsync([.. titles.Select(t => Doc(t, ModelA))], None);
        }

        // The first batch goes through; the second asks only once the first is written, and the app stops while it waits.
        var secondBatchAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource();
        await using (var interrupted = App(new TestEmbedder("test-b", ModelB, never.Task, passFirst: 1, held: secondBatchAsked)))
        {
            await secondBatchAsked.Task.WaitAsync(TimeSpan.FromSeconds(30), None);
            Assert.Equal((64L, 70L), interrupted.Services.GetRequiredService<VectorReadiness>().Progress);
        }

        await using var resumed = App(new TestEmbedder("test-b", ModelB));
        var vectors = resumed.Services.GetRequiredService<VectorReadiness>();
        await vectors.WhenReady.WaitAsync(TimeSpan.FromSeconds(30), None);

        Assert.Equal((6L, 6L), vectors.Progress);
        var query = ModelB(titles[3]);
        var hits = await Index(resumed).SearchAsync(new SearchQuery("") { Vector = query, Limit = 100 }, None);
        Assert.Equal(70, hits.Count);
        Assert.All(hits, hit => Assert.Equal(Cosine(query, ModelB(hit.Id)), hit.Vector!.Score, 4));
    }

    private CairnApp App(TestEmbedder embedder)
    {
        var app = new CairnApp(_database, services: services => services.Replace(ServiceDescriptor.Singleton<IEmbeddingGenerator<string, Embedding<float>>>(embedder)));
        app.StartServer();
        return app;
    }

    private static ISearchIndex Index(CairnApp app) => app.Services.GetRequiredService<ISearchIndex>();

    private static SearchDocument Doc(string title, Func<string, float[]> model) =>
        new(title, "experience") { Title = title, Vector = model(title), VectorText = title };

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    // A deterministic embedder under a model id; calls after the first passFirst can be held at a gate.
    private sealed class TestEmbedder(string model, Func<string, float[]> embed, Task? gate = null, int passFirst = 0, TaskCompletionSource? held = null)
        : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _calls;

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref _calls);
            if (gate is not null && call > passFirst)
            {
                held?.TrySetResult();
                await gate.WaitAsync(cancellationToken);
            }
            return new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(embed(v))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, model, HashingEmbedder.Dimensions) : null;

        public void Dispose()
        {
        }
    }
}
