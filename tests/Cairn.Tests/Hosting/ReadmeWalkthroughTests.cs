using System.Text.RegularExpressions;
using Cairn.Tests.Support;

namespace Cairn.Tests.Hosting;

// The README's walk-through runs as written: its bash blocks, in order, in bash against a started app, and every curl
// answers the status its "# →" line promises. Only CAIRN_URL is set, as a reader would for another address.
public sealed partial class ReadmeWalkthroughTests(AppFixture fixture)
{
    [Fact]
    public async Task TheWalkthroughRunsAsWrittenAndEveryCallAnswersTheStatusItsCommentPromises()
    {
        var (script, promised) = Walkthrough(await File.ReadAllTextAsync(Path.Combine(Package.RepoRoot(), "README.md")));
        Assert.True(promised.Count >= 8, $"Only {promised.Count} '# →' lines found in the walk-through: was it moved?");
        using var client = fixture.App.Client();
        var workDir = Directory.CreateTempSubdirectory("cairn-readme-").FullName;

        // Strict mode, so an empty capture or a failed pipe stops the run; the wrapper reports each call's status on stderr.
        const string Preamble = "set -euo pipefail\ncurl() { command curl -w '%{stderr}HTTP %{http_code}\\n' \"$@\"; }\n";
        var (exitCode, output) = await Processes.RunAsync("bash", ["-c", Preamble + script], workDir,
            new Dictionary<string, string> { ["CAIRN_URL"] = client.BaseAddress!.ToString().TrimEnd('/') });
        Directory.Delete(workDir, recursive: true);

        Assert.True(exitCode == 0, $"The walk-through failed (exit {exitCode}):\n{output}");
        var answered = Status().Matches(output).Select(m => m.Groups["status"].Value).ToList();
        Assert.Equal(promised, answered);
        Assert.Matches("cairn_live_[A-Za-z0-9_-]{43}", output);
        Assert.Contains("\"goal\":\"Set up PostgreSQL replication\"", output);
    }

    // The bash blocks of the "Walk-through" section joined, and the statuses of its "# →" lines in order.
    internal static (string Script, List<string> Statuses) Walkthrough(string readme)
    {
        var start = readme.IndexOf("\n## Walk-through", StringComparison.Ordinal);
        Assert.True(start >= 0, "The README has no '## Walk-through' section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var script = string.Join("\n", BashBlock().Matches(section).Select(m => m.Groups["code"].Value));
        var statuses = Promise().Matches(script).Select(m => m.Groups["status"].Value).ToList();
        return (script, statuses);
    }

    [GeneratedRegex("```bash\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex("^# → (?<status>\\d{3})\\b", RegexOptions.Multiline)]
    private static partial Regex Promise();

    [GeneratedRegex("^HTTP (?<status>\\d{3})$", RegexOptions.Multiline)]
    private static partial Regex Status();
}
