using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Embeddings;

// The default sentence model through the real app: paraphrases find what others wrote in their own words.
public sealed class SemanticSearchTests(PrivateAppFixture fixture) : IClassFixture<PrivateAppFixture>
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task AParaphrasedQueryFindsTheExperienceWrittenInOtherWords()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var docker = await PublishAsync(key, "Shrink the Docker image of a Python web app", "a multi-stage build on a slim base image cut the image from 1.2 GB to 140 MB");
        await PublishAsync(key, "Tune PostgreSQL autovacuum for a write-heavy table", "lower the scale factor so vacuum runs before bloat builds up");
        await PublishAsync(key, "PostgreSQL connection pool exhausted under load", "raise max_connections and put PgBouncer in front of the service");
        await PublishAsync(key, "Index a slow PostgreSQL query", "an index on the filter column took the query from 2 s to 5 ms");

        var found = await (await _app.Client().PostJsonAsync("/api/v1/experiences/search", new { query = "reduce container footprint for a flask service", limit = 5 })).JsonAsync(HttpStatusCode.OK);

        var ranking = found["results"]!.AsArray().Select(r => $"{r.Str("short_id")} {r!["goal"]} {r!["similarity"]}").ToList();
        Assert.True(docker == found["results"]![0]!.Str("short_id"), $"expected {docker} first: {string.Join(" | ", ranking)}");
    }

    [Fact]
    public async Task HealthSaysTheEmbedderIsReadyOnceLoaded()
    {
        await SharedEmbedder.Instance.StartLoading();

        var health = await (await _app.Client().GetAsync("/api/v1/health", TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("ready", health["checks"]!.Str("embedder"));
    }

    private async Task<string> PublishAsync(string key, string goal, string insight)
    {
        var client = _app.Client(key);
        var created = await (await client.PostJsonAsync("/api/v1/experiences", new
        {
            goal,
            outcome = "success",
            breakthroughs = new[] { new { insight, importance = "high" } },
        })).JsonAsync(HttpStatusCode.Created);
        var shortId = created.Str("short_id");
        await (await client.PostAsync($"/api/v1/experiences/{shortId}/publish", null, TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.OK);
        return shortId;
    }
}
