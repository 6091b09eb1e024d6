using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// Issue 16 point 4 end to end: every true positive (under every disguise) tried in every place content becomes public,
// over HTTP into the real app, and every look-alike too. Writes the per-rule table to $CAIRN_SECRET_CORPUS_REPORT when
// set (scripts/secret-corpus prints it).
// An app of its own: its thousands of identical public writes ("outcome target") would crowd the shared search index.
public sealed class SecretCorpusPlacesTests(PrivateAppFixture fixture) : IClassFixture<PrivateAppFixture>
{
    private const double MinDetection = 0.97;
    private const double MaxFalsePositives = 0.01;

    public enum Result { Refused, TooLongOrInvalid, Accepted }

    [Fact]
    public async Task EveryPublicPlaceRefusesTruePositivesAndAcceptsLookalikes()
    {
        var places = await PublicPlaces.CreateAsync(fixture.App);
        var positives = SecretCorpus.Positives();
        var lookalikes = SecretCorpus.Lookalikes();
        var wronglyRefused = new ConcurrentBag<string>();
        var tried = new ConcurrentDictionary<(string Place, string Rule, bool Positive, int Index), Result>();
        var work = places.SelectMany(place =>
            positives.Select((p, i) => (place, p.RuleId, Positive: true, i, p.Text))
                .Concat(lookalikes.Select((l, i) => (place, l.RuleId, Positive: false, i, l.Text))));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = TestContext.Current.CancellationToken }, async (item, _) =>
        {
            using var response = await item.place.TryAsync(item.Text);
            var result = await ClassifyAsync(response, $"{item.place.Name} <- {item.RuleId}: {item.Text}");
            tried[(item.place.Name, item.RuleId, item.Positive, item.i)] = result;
            if (result == Result.Refused && !item.Positive)
            {
                wronglyRefused.Add($"{item.place.Name}: '{item.Text}'");
            }
        });

        var report = CorpusReport.Build(places.Select(p => p.Name).ToList(), tried, [.. wronglyRefused.Order(StringComparer.Ordinal)]);
        TestContext.Current.SendDiagnosticMessage(report.Markdown);
        if (Environment.GetEnvironmentVariable("CAIRN_SECRET_CORPUS_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report.Markdown, TestContext.Current.CancellationToken);
        }
        foreach (var place in report.Places)
        {
            Assert.True(place.Detection >= MinDetection, $"{place.Name}: {place.Detection:P1} of true positives refused\n{report.Markdown}");
            Assert.True(place.FalsePositiveRate <= MaxFalsePositives, $"{place.Name}: {place.FalsePositiveRate:P1} of look-alikes refused\n{report.Markdown}");
        }
    }

    private static async Task<Result> ClassifyAsync(HttpResponseMessage response, string tried)
    {
        if (response.IsSuccessStatusCode)
        {
            return Result.Accepted;
        }
        Assert.True((int)response.StatusCode < 500, $"{tried}\n{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return (string?)problem?["code"] == "sensitive_content" ? Result.Refused : Result.TooLongOrInvalid;
    }
}
