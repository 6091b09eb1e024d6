using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Safety;

// Issue 16 point 4 end to end: every true positive (under every disguise) tried in one place content becomes public,
// over HTTP into the real app, and every look-alike too. One subclass per place (SecretCorpusPlaces.cs), so xunit runs
// the places side by side; CorpusResults gathers them into the per-rule table ($CAIRN_SECRET_CORPUS_REPORT when set;
// scripts/secret-corpus prints it).
// An app of its own (shared by the places, CorpusAppFixture): its thousands of identical public writes ("outcome
// target") would crowd the shared search index.
public abstract class SecretCorpusPlaceTests(CorpusAppFixture fixture, string place) : IClassFixture<CorpusAppFixture>
{
    private const double MinDetection = 0.97;
    private const double MaxFalsePositives = 0.01;

    // Requests in flight per place: the app and the storage server, not the test, should be what limits a run.
    private const int Concurrency = 8;

    public enum Result { Refused, TooLongOrInvalid, Accepted }

    [Fact]
    public async Task ThisPlaceRefusesTruePositivesAndAcceptsLookalikes()
    {
        var watch = Stopwatch.StartNew();
        var target = await PublicPlaces.CreateAsync(fixture.App, place, Concurrency);
        var positives = SecretCorpus.Positives();
        var lookalikes = SecretCorpus.Lookalikes();
        var wronglyRefused = new ConcurrentBag<string>();
        var tried = new ConcurrentDictionary<(string Place, string Rule, bool Positive, int Index), Result>();
        var work = positives.Select((p, i) => (p.RuleId, Positive: true, i, p.Text))
            .Concat(lookalikes.Select((l, i) => (l.RuleId, Positive: false, i, l.Text)));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = TestContext.Current.CancellationToken }, async (item, _) =>
        {
            using var response = await target.TryAsync(item.Text);
            var result = await ClassifyAsync(response, $"{place} <- {item.RuleId}: {item.Text}");
            tried[(place, item.RuleId, item.Positive, item.i)] = result;
            if (result == Result.Refused && !item.Positive)
            {
                wronglyRefused.Add($"{place}: '{item.Text}'");
            }
        });

        var report = await CorpusResults.AddAsync(place, tried, [.. wronglyRefused], TestContext.Current.CancellationToken);
        var rates = report.Places.Single(p => p.Name == place);
        TestContext.Current.SendDiagnosticMessage($"{place}: {tried.Count} texts in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(positives.Count + lookalikes.Count, tried.Count);
        Assert.True(rates.Detection >= MinDetection, $"{place}: {rates.Detection:P1} of true positives refused\n{report.Markdown}");
        Assert.True(rates.FalsePositiveRate <= MaxFalsePositives, $"{place}: {rates.FalsePositiveRate:P1} of look-alikes refused\n{report.Markdown}");
    }

    private static async Task<Result> ClassifyAsync(HttpResponseMessage response, string tried)
    {
        if (response.IsSuccessStatusCode)
        {
            return Result.Accepted;
        }
        var body = await response.Content.ReadAsStringAsync();
        // A refusal for any other reason than the text (a full session, contention, a rate limit) would leave it untried.
        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{tried}\n{(int)response.StatusCode}: {body}");
        return (string?)JsonNode.Parse(body)?["code"] == "sensitive_content" ? Result.Refused : Result.TooLongOrInvalid;
    }
}

// Every place's results so far, as one report; each place adds its own when it finishes and the file is rewritten.
public static class CorpusResults
{
    private static readonly SemaphoreSlim Gate = new(1);
    private static readonly Dictionary<(string Place, string Rule, bool Positive, int Index), SecretCorpusPlaceTests.Result> Tried = [];
    private static readonly List<string> Places = [];
    private static readonly List<string> WronglyRefused = [];

    public static async Task<CorpusReport> AddAsync(string place, IReadOnlyDictionary<(string Place, string Rule, bool Positive, int Index), SecretCorpusPlaceTests.Result> tried,
        IReadOnlyList<string> wronglyRefused, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Places.Remove(place);
            Places.Add(place);
            foreach (var (key, value) in tried)
            {
                Tried[key] = value;
            }
            WronglyRefused.RemoveAll(text => text.StartsWith($"{place}: ", StringComparison.Ordinal));
            WronglyRefused.AddRange(wronglyRefused);
            var ordered = PublicPlaces.Names.Where(Places.Contains).ToList();
            var report = CorpusReport.Build(ordered, Tried, [.. WronglyRefused.Order(StringComparer.Ordinal)]);
            if (Environment.GetEnvironmentVariable("CAIRN_SECRET_CORPUS_REPORT") is { Length: > 0 } path)
            {
                await File.WriteAllTextAsync(path, report.Markdown, cancellationToken);
            }
            return report;
        }
        finally
        {
            Gate.Release();
        }
    }
}
