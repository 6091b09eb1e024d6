using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

// The three retrieval layers over the same hits, and what each costs in tokens.
public sealed class ProgressiveRetrievalTests(AppFixture fixture, ITestOutputHelper output)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task Layer1IsCheaperThanLayer3ForTheSameHitsAndLayer2AddsTheTimeline()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var marker = Words.Marker();
        var session = await client.StartSessionAsync($"Tuning the {marker} importer");
        var texts = new[]
        {
            $"The {marker} importer reads supplier feeds every hour. It parses XML with a streaming reader to keep memory flat. Large feeds used to take twenty minutes; batching the inserts in thousands cut that to three. The importer logs a summary line per feed, with counts of new, changed and rejected products.",
            $"Rejected {marker} products are written to a quarantine table with the reason. Most rejections come from missing prices or malformed EAN codes. A weekly report of the quarantine goes to the suppliers' contacts. Suppliers fix most issues within a week; the rest are dropped after thirty days.",
            $"The {marker} importer must never run twice at once: a PostgreSQL advisory lock guards it. When the lock is taken the second run exits at once and logs that it skipped. The lock key is the feed id, so different feeds still import in parallel.",
        };
        foreach (var text in texts)
        {
            await client.ObserveAsync(session, text, type: "fact");
        }
        await client.EndSessionAsync(session);
        var query = $"{marker} importer feeds suppliers";

        var layer1 = await client.SearchMemoryAsync(new { query, layer = 1 });
        var ids = layer1.Results().Select(r => r.Str("id")).ToList();
        var layer2 = await client.SearchMemoryAsync(new { query, layer = 2 });
        var layer3 = await client.SearchMemoryAsync(new { ids, layer = 3 });

        Assert.Equal(3, ids.Count);
        Assert.Equal(ids, layer2.Results().Select(r => r.Str("id")));
        Assert.Equal(ids, layer3.Results().Select(r => r.Str("id")));
        var (tokens1, tokens2, tokens3) = ((int)layer1["tokens"]!, (int)layer2["tokens"]!, (int)layer3["tokens"]!);
        output.WriteLine($"3 hits: layer 1 {tokens1} tokens, layer 2 {tokens2} tokens, layer 3 {tokens3} tokens ({layer1.Str("token_rule")})");
        Assert.True(tokens1 < tokens3, $"layer 1 cost {tokens1} tokens, layer 3 {tokens3}");
        Assert.True(tokens1 < tokens2, $"layer 1 cost {tokens1} tokens, layer 2 {tokens2}");

        foreach (var hit in layer1.Results())
        {
            Assert.NotNull(hit["content_essence"]);
            Assert.Null(hit["content_full"]);
            Assert.Null(hit["timeline"]);
            Assert.True((int)hit["tokens"]! <= 50);
        }
        foreach (var hit in layer2.Results())
        {
            var timeline = hit["timeline"]!;
            Assert.Equal(session, timeline["session"]!.Str("id"));
            Assert.Equal($"Tuning the {marker} importer", timeline["session"]!.Str("title"));
            Assert.Equal(2, timeline["related"]!.AsArray().Count);
            Assert.DoesNotContain(timeline["related"]!.AsArray(), r => r.Str("id") == hit.Str("id"));
            Assert.NotNull(timeline["next_stage_at"]);
        }
        foreach (var hit in layer3.Results())
        {
            Assert.Contains(hit.Str("content_full"), texts);
            Assert.Equal(1, (int)hit["details"]!["access_count"]!);
        }
    }

    [Fact]
    public async Task TheSummaryCanBeAskedForInsteadOfTheEssence()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var session = await client.StartSessionAsync();
        var long_ = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"Step {i} of the rollout checks the {Words.Marker()} canary before widening traffic."));
        var id = (await client.ObserveAsync(session, long_)).Str("id");

        var essence = (await client.SearchMemoryAsync(new { ids = new[] { id } })).Results().Single();
        var summary = (await client.SearchMemoryAsync(new { ids = new[] { id }, detail = "summary" })).Results().Single();

        Assert.True((int)essence["tokens"]! <= 50);
        Assert.True((int)summary["tokens"]! <= 150);
        Assert.True((int)summary["tokens"]! > (int)essence["tokens"]!);
        Assert.Null(summary["content_essence"]);
        Assert.StartsWith(summary.Str("content_summary")[..20], long_, StringComparison.Ordinal);
    }
}
