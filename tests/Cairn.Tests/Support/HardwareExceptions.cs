using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Cairn.Tests.Support;

// Records every exception of the kinds a CPU fault raises (a null dereference, an integer division by zero, an access
// violation) on any thread of the test process, first-chance, so also those caught and never seen: on a machine whose
// native code leaves the CPU in a bad state (ONNX Runtime's AMX tiles), each one could crash the process. One line per
// throw to CAIRN_TEST_RESULTS/hardware-exceptions.log, written as it happens so a crash keeps what came before.
public static class HardwareExceptions
{
    private static readonly ConcurrentDictionary<string, int> Counts = new();
    private static readonly Lock FileLock = new();
    private static string? _path;

    [ThreadStatic]
    private static bool _recording;

    public static string LogPath => _path ??= ResolvePath();

    // Throw sites (the throwing method, then the stack) seen so far, with how often each was hit.
    public static IReadOnlyDictionary<string, int> Sites => Counts;

    [ModuleInitializer]
    internal static void Observe() => AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;

    private static void OnFirstChance(object? sender, FirstChanceExceptionEventArgs e)
    {
        // Every exception of the run passes here: the type test comes first and costs nothing for the others.
        if (e.Exception is not (NullReferenceException or DivideByZeroException or AccessViolationException) || _recording)
        {
            return;
        }
        _recording = true;
        try
        {
            Record(e.Exception);
        }
        catch (IOException)
        {
            // A full disk must not turn a test's caught exception into a failure elsewhere.
        }
        finally
        {
            _recording = false;
        }
    }

    private static void Record(Exception exception)
    {
        var site = Site(exception);
        var count = Counts.AddOrUpdate(site, 1, (_, n) => n + 1);
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} pid {Environment.ProcessId} {exception.GetType().Name} #{count} ")
            .Append(TestContext.Current.Test?.TestDisplayName ?? "(no test)")
            .AppendLine()
            .AppendLine(site)
            .AppendLine();
        lock (FileLock)
        {
            File.AppendAllText(LogPath, line.ToString());
        }
    }

    // The frames from the throwing method down, without the exception machinery above it (it runs on the thrower's stack).
    private static string Site(Exception exception)
    {
        var frames = new StackTrace(1, fNeedFileInfo: true).GetFrames()
            .SkipWhile(f => f.GetMethod() is { } m && IsDispatch(m))
            .Take(12)
            .Select(f => "   at " + Describe(f));
        return exception.Message + Environment.NewLine + string.Join(Environment.NewLine, frames);
    }

    private static bool IsDispatch(System.Reflection.MethodBase method) =>
        method.DeclaringType is { } type &&
        (type == typeof(HardwareExceptions) || type.Assembly == typeof(object).Assembly && (type.Namespace?.StartsWith("System.Runtime", StringComparison.Ordinal) == true || type == typeof(AppDomain) || type.FullName == "System.Runtime.EH"));

    private static string Describe(StackFrame frame)
    {
        var method = frame.GetMethod();
        var name = method is null ? "?" : $"{method.DeclaringType?.FullName}.{method.Name}";
        return frame.GetFileName() is { } file ? $"{name} in {Path.GetFileName(file)}:{frame.GetFileLineNumber()}" : name;
    }

    private static string ResolvePath()
    {
        var directory = Environment.GetEnvironmentVariable("CAIRN_TEST_RESULTS") is { Length: > 0 } results
            ? results
            : Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "hardware-exceptions.log");
    }
}
