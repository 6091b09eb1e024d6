using System.Text.Json;

namespace Cairn.Jobs;

// Writes one <name>/function.json with a timerTrigger binding per job, for the deployment package: the packaging step
// runs dotnet Cairn.Functions.dll --emit-functions <dir>.
public static class FunctionManifests
{
    // The configuration key that --emit-functions <dir> sets on the command line.
    public const string ConfigurationKey = "emit-functions";

    // The binding name, i.e. the key of the timer object in the invocation's Data.
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
