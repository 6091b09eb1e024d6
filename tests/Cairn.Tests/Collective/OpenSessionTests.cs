using System.Collections.Concurrent;
using System.Net;
using Cairn.Search;
using Cairn.Search.Postgres;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Tests.Collective;

public sealed class OpenSessionTests(AppFixture fixture)
{
    [Fact]
    public async Task OtherAgentsOpenPublicSessionsAreListedAsActiveButOwnClosedAndPrivateOnesAreNot()
    {
        var app = fixture.App;
        var (alice, carol, dave, bob) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        var marker = $"zk{Guid.NewGuid():N}"[..12];
        var topic = $"Rotate {marker} certificates with certbot";
        async Task<string> OpenAsync(string key, string visibility) =>
            (await (await app.Client(key).PostJsonAsync("/api/v1/sessions", new { topic, domain = "security", tools_used = new[] { "certbot" }, visibility }))
                .JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        var alicesFirst = await OpenAsync(alice.Key, "public");
        var alicesSecond = await OpenAsync(alice.Key, "public");
        var carols = await OpenAsync(carol.Key, "public");
        await (await app.Client(carol.Key).PostJsonAsync($"/api/v1/sessions/{carols}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);
        var daves = await OpenAsync(dave.Key, "private");
        var bobsEarlier = await OpenAsync(bob.Key, "public");

        var opened = await (await app.Client(bob.Key).PostJsonAsync("/api/v1/sessions", new { topic, domain = "security", tools_used = new[] { "certbot" }, visibility = "public" }))
            .JsonAsync(HttpStatusCode.Created);

        var active = opened["active_sessions"]!.AsArray();
        Assert.Equal(new[] { alicesFirst, alicesSecond }.Order(), active.Select(s => s.Str("id")).Where(id => id == alicesFirst || id == alicesSecond).Order());
        Assert.DoesNotContain(active, s => s.Str("id") is var id && (id == carols || id == daves || id == bobsEarlier || id == opened["session"].Str("id")));
        var first = active.Single(s => s.Str("id") == alicesFirst)!;
        Assert.Equal((topic, alice.Username), (first.Str("topic"), first["owner"].Str("username")));
        Assert.InRange((double)first["similarity"]!, 0.0001, 1);
    }

    [Fact]
    public async Task OpeningASessionEmbedsItsLookupOnceAndWritesToTheIndexOnlyWhenPublic()
    {
        var embedded = new ConcurrentQueue<string>();
        var indexWrites = new ConcurrentQueue<string>();
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var app = new CairnApp(database, services: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
                new RecordingEmbedder(sp.GetRequiredService<Cairn.Embeddings.Onnx.SentenceEmbeddingGenerator>(), embedded)));
            services.Replace(ServiceDescriptor.Singleton<ISearchIndex>(sp => new RecordingSearchIndex(sp.GetRequiredService<PostgresSearchIndex>(), indexWrites)));
        });
        app.StartServer();
        var client = app.Client((await app.RegisterAsync()).Key);

        await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Tune connection pooling", domain = "databases", tools_used = new[] { "postgresql" } }))
            .JsonAsync(HttpStatusCode.Created);

        // One embedding serves both look-ups (matching experiences, active sessions); a new private session has nothing to index.
        Assert.Equal(["Tune connection pooling databases postgresql"], embedded);
        Assert.Empty(indexWrites);

        embedded.Clear();
        var opened = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Shard the queue", domain = "messaging", tools_used = new[] { "kafka" }, visibility = "public" }))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal(["Shard the queue", "Shard the queue messaging kafka"], embedded.Order(StringComparer.Ordinal));
        Assert.Equal([$"upsert session:{opened["session"].Str("id")}"], indexWrites);
    }

    private sealed class RecordingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner, ConcurrentQueue<string> texts)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            list.ForEach(texts.Enqueue);
            return base.GenerateAsync(list, options, cancellationToken);
        }
    }

    private sealed class RecordingSearchIndex(ISearchIndex inner, ConcurrentQueue<string> writes) : ISearchIndex
    {
        public Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
        {
            foreach (var document in documents)
            {
                writes.Enqueue($"upsert {document.Id}");
            }
            return inner.UpsertAsync(documents, cancellationToken);
        }

        public Task<bool> UpdateStatsAsync(string id, string? status, double? quality, CancellationToken cancellationToken)
        {
            writes.Enqueue($"stats {id}");
            return inner.UpdateStatsAsync(id, status, quality, cancellationToken);
        }

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
        {
            writes.Enqueue($"delete {id}");
            return inner.DeleteAsync(id, cancellationToken);
        }

        public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);
    }
}
