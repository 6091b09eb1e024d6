using System.Diagnostics;

namespace Cairn.Tests.Embeddings;

// On a CPU with Intel AMX, a thread that has run the int8 sentence model cannot survive a hardware-raised
// NullReferenceException: the process dies with SIGSEGV (a CI run of the whole suite was lost to it). The model runs on
// threads of its own (InferenceThreads), so pool threads stay safe. Checked in a child process, since failing kills it.
[Trait("Storage", "None")]
public sealed class AmxCrashTests
{
    [Fact]
    public async Task ANullReferenceOnAnyPoolThreadAfterEmbeddingLeavesTheProcessAlive()
    {
        if (!CpuHasAmx())
        {
            Assert.Skip("needs a CPU with Intel AMX (amx_tile and amx_int8 in /proc/cpuinfo); without it ONNX Runtime never uses AMX and the crash cannot happen");
        }
        var probe = Path.Combine(AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}Cairn.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}Cairn.AmxProbe{Path.DirectorySeparatorChar}"), "Cairn.AmxProbe");
        Assert.True(File.Exists(probe), $"the probe is built with the tests (tests/Cairn.AmxProbe), but {probe} is missing");

        var start = new ProcessStartInfo(probe) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(process.ExitCode == 0, $"the probe died with exit code {process.ExitCode} (139 is SIGSEGV): {await output} {await errors}");
        Assert.StartsWith("survived", await output);
    }

    private static bool CpuHasAmx()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo"))
        {
            return false;
        }
        var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];
        return flags.Contains("amx_tile") && flags.Contains("amx_int8");
    }
}
