using System.Text;
using BenchmarkDotNet.Attributes;
using Cairn.Safety;

namespace Cairn.Benchmarks;

// Secret-scan time per kilobyte: clean prose (the common case, where the keyword pre-filter skips most rules), prose
// with a secret near its end, and a 64 KB mixed text of prose, code and configuration.
[MemoryDiagnoser]
public class ScannerBenchmarks
{
    private string _cleanKb = null!;
    private string _secretKb = null!;
    private string _mixed64Kb = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cleanKb = Repeat(SampleText.TwoHundredWords, 1024);
        _secretKb = _cleanKb[..900] + " deploy key ghp_R2d4Yw9Lq0Zx7Vb3Nc5Mt8Kp1Hs6Jf4Ge2Da ok.";
        var config = "\nconst retries = 3;\nDB_HOST=db.internal\npassword = form.password\nlog.Info(\"token refreshed\");\nsha256:" +
            Convert.ToHexStringLower(new byte[32]) + "\n";
        _mixed64Kb = Repeat(SampleText.TwoHundredWords + config, 64 * 1024);
        ContentScanner.Scan("warm-up", _mixed64Kb);
    }

    [Benchmark(Baseline = true, Description = "1 KB clean prose")]
    public int CleanKb() => ContentScanner.Scan("text", _cleanKb).Count;

    [Benchmark(Description = "1 KB with a GitHub token")]
    public int SecretKb() => ContentScanner.Scan("text", _secretKb).Count;

    [Benchmark(Description = "64 KB prose, code and config")]
    public int Mixed64Kb() => ContentScanner.Scan("text", _mixed64Kb).Count;

    private static string Repeat(string text, int length)
    {
        var builder = new StringBuilder(length + text.Length);
        while (builder.Length < length)
        {
            builder.Append(text).Append(' ');
        }
        return builder.ToString(0, length);
    }
}
