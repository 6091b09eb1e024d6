using System.Diagnostics;

namespace Cairn.Tests.Support;

// The deployable package, built once per run by scripts/package (or taken from CAIRN_PACKAGE_DIR, which scripts/test
// sets after packaging), so tests check exactly what would be zip-deployed.
public static class Package
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    public static Task<string> DirectoryAsync() => Built.Value;

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above the test binaries.");
    }

    private static async Task<string> BuildAsync()
    {
        if (Environment.GetEnvironmentVariable("CAIRN_PACKAGE_DIR") is { Length: > 0 } prebuilt && File.Exists(Path.Combine(prebuilt, "host.json")))
        {
            return prebuilt;
        }
        var output = Path.Combine(Path.GetTempPath(), $"cairn-package-{Guid.NewGuid():N}");
        var root = RepoRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "package"), "--output", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        // The test host's MSBuild variables would leak into the nested publish.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_HOST", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/package failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        return Path.Combine(output, "package");
    }
}
