using System.Text.Json;

namespace Cairn.Jobs;

/// <summary>
/// Writes one <c>&lt;name&gt;/function.json</c> with a <c>timerTrigger</c> binding per job, for the deployment package:
/// the packaging step runs <c>dotnet Cairn.Functions.dll --emit-functions &lt;dir&gt;</c>.
/// </summary>
public static class FunctionManifests
{
    /// <summary>The configuration key that <c>--emit-functions &lt;dir&gt;</c> sets on the command line.</summary>
    public const string ConfigurationKey = "emit-functions";

    /// <summary>The binding name, i.e. the key of the timer object in the invocation's <c>Data</c>.</summary>
    public const string BindingName = "timer";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<string> Write(string directory, IEnumerable<JobDefinition> jobs)
    {
        var written = new List<string>();
        foreach (var job in jobs.OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, job.Name));
            var path = Path.Combine(folder.FullName, "function.json");
            if (File.Exists(path) && !File.ReadAllText(path).Contains("\"timerTrigger\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The job '{job.Name}' would overwrite the function at {path}; give the job another name.");
            }
            File.WriteAllText(path, Render(job) + "\n");
            written.Add(path);
        }
        return written;
    }

    internal static string Render(JobDefinition job) => JsonSerializer.Serialize(new
    {
        bindings = new[]
        {
            // runOnStartup stays false: on Flex Consumption every scale-out and restart would run the job again.
            new { name = BindingName, type = "timerTrigger", direction = "in", schedule = job.Schedule.Expression, runOnStartup = false },
        },
    }, Indented);
}
