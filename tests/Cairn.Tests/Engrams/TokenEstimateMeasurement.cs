using System.Text.RegularExpressions;
using Cairn.Engrams;
using Cairn.Tests.Benchmarks;
using Cairn.Tests.Support;
using Microsoft.ML.Tokenizers;

namespace Cairn.Tests.Engrams;

// Why budgets count o200k tokens (Engrams/Tokens.cs): how far the old rule, characters / 4, is from o200k_base (GPT-4o
// and later; Microsoft.ML.Tokenizers with the vocabulary its data package ships) on the kinds of text engrams, memories
// and recall blocks hold, and what counting really costs. The figures are in docs/engrams.md.
[Trait("Storage", "None")]
public sealed partial class TokenEstimateMeasurement(ITestOutputHelper output)
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public static IEnumerable<(string Kind, string Text)> Corpus()
    {
        var root = Package.RepoRoot();
        // Statements as agents write them: the sentences of the project's own technical prose (identifiers, paths, numbers).
        foreach (var file in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "functions", "Cairn.Functions", "Mcp", "skill.md")).Order())
        {
            var text = File.ReadAllText(file);
            foreach (Match block in CodeBlock().Matches(text))
            {
                yield return ("code and commands", block.Groups["code"].Value.Trim());
            }
            foreach (var sentence in Sentence().Split(CodeBlock().Replace(text, " ")).Select(s => Regex.Replace(s, @"\s+", " ").Trim()).Where(s => s.Length is >= 30 and <= 600))
            {
                yield return ("technical statements", sentence);
            }
        }
        // Plain English from the eval sets beside the repository (../shared/eval), when they are there.
        var abstracts = EvalSetsPresent() ? BenchmarkCorpus.Abstracts() : [];
        foreach (var sentence in abstracts.Take(400).SelectMany(BenchmarkCorpus.Sentences))
        {
            yield return ("plain English", sentence);
        }
    }

    [Fact]
    public void BudgetsCountO200kTokensWhichCharactersOverFourMissByAMaterialMargin()
    {
        var rows = Corpus().Where(r => r.Text.Length > 0).Select(r => (r.Kind, r.Text, Estimate: (r.Text.Length + 3) / 4, Actual: O200k.CountTokens(r.Text))).ToList();
        Assert.True(rows.Count > 1000, $"Only {rows.Count} texts: the corpus was not found.");
        Assert.All(rows, r => Assert.Equal(r.Actual, Tokens.Estimate(r.Text)));
        output.WriteLine("kind | texts | tokens (o200k) | estimate / actual (sum) | median |error| | p95 |error| | under-estimated");
        foreach (var group in rows.GroupBy(r => r.Kind).Append(rows.GroupBy(_ => "all").Single()))
        {
            var errors = group.Select(r => (double)(r.Estimate - r.Actual) / r.Actual).ToList();
            var absolute = errors.Select(Math.Abs).Order().ToList();
            output.WriteLine($"{group.Key} | {group.Count()} | {group.Sum(r => r.Actual)} | {(double)group.Sum(r => r.Estimate) / group.Sum(r => r.Actual):0.000} | " +
                $"{BenchmarkCorpus.Percentile(absolute, 50):P1} | {BenchmarkCorpus.Percentile(absolute, 95):P1} | {errors.Count(e => e < 0) / (double)errors.Count:P1}");
        }
        var technical = rows.Where(r => r.Kind != "plain English").Select(r => Math.Abs((double)(r.Estimate - r.Actual) / r.Actual)).Order().ToList();
        Assert.True(BenchmarkCorpus.Percentile(technical, 50) > 0.10, "characters / 4 is now close enough: reconsider the tokenizer's cost.");

        var texts = rows.Select(r => r.Text).ToList();
        _ = texts.Sum(Tokens.Estimate); // warm: JIT and the tokenizer's cache, as in a running app
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var total = texts.Sum(Tokens.Estimate);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        output.WriteLine($"counting: {texts.Count} texts, {texts.Sum(t => t.Length)} characters, {total} tokens in {elapsed.TotalMilliseconds:0.0} ms " +
            $"({elapsed.TotalMicroseconds / texts.Count:0.0} µs per text; load {BenchmarkCorpus.LoadAverage()})");
    }

    private static bool EvalSetsPresent()
    {
        try
        {
            return BenchmarkCorpus.Directory().Length > 0;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex("```[a-z]*\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z`(])|\n\n|\n- |\n\|")]
    private static partial Regex Sentence();
}
