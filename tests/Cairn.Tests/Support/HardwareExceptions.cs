using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Cairn.Tests.Support;

// Records every exception of the kinds a CPU fault raises (a null dereference, an integer division by zero, an access
// violation) on any thread of the test process, first-chance, so also those caught and never seen: on a machine whose
// native code leaves the CPU in a bad state (ONNX Runtime's AMX tiles), each one could crash the process. Each goes to
// hardware-exceptions.log in the results directory as it happens, so a crash keeps what came before; at exit a tally of every
// first-chance exception type goes to first-chance-exceptions.txt beside it.
public static class HardwareExceptions
{
    private static readonly ConcurrentDictionary<string, int> AllTypes = new();
    private static readonly ConcurrentDictionary<string, Site> Sites = new();
    private static readonly Lock FileLock = new();
    private static readonly Assembly Product = typeof(Cairn.Errors.ApiProblem).Assembly;
    private static string? _directory;

    [ThreadStatic]
    private static bool _recording;

    // One throw site: the exception type and throwing frame, whether that frame is the app's, the stack below it.
    public sealed class Site(string key, bool inProduct, string stack)
    {
        private int _count;

        public string Key { get; } = key;

        public bool InProduct { get; } = inProduct;

        public string Stack { get; } = stack;

        public int Count => Volatile.Read(ref _count);

        internal int Hit() => Interlocked.Increment(ref _count);
    }

    public static string Directory => _directory ??= ResolveDirectory();

    public static IReadOnlyCollection<Site> Seen => [.. Sites.Values];

    [ModuleInitializer]
    internal static void Observe()
    {
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => WriteTally();
    }

    // True when the throwing frame is the app's own code: a null that reached a dereference in Cairn, a bug.
    public static bool IsProduct(MethodBase? throwingMethod) => throwingMethod?.DeclaringType?.Assembly == Product;

    private static void OnFirstChance(object? sender, FirstChanceExceptionEventArgs e)
    {
        // Every exception of the run passes here: one counter for all, the stack only for the rare hardware kinds.
        AllTypes.AddOrUpdate(e.Exception.GetType().FullName ?? "?", 1, (_, n) => n + 1);
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
        // The frames from the throwing method down, without the exception machinery above it (it runs on the thrower's stack).
        var frames = new StackTrace(0, fNeedFileInfo: true).GetFrames()
            .SkipWhile(f => IsDispatch(f.GetMethod()))
            .Take(14)
            .ToList();
        var stack = string.Join(Environment.NewLine, frames.Select(f => "   at " + Describe(f)));
        var key = $"{exception.GetType().Name} at {(frames.Count > 0 ? Describe(frames[0]) : "?")}";
        var site = Sites.GetOrAdd(key, k => new Site(k, IsProduct(frames.FirstOrDefault()?.GetMethod()), stack));
        var count = site.Hit();
        var entry = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} pid {Environment.ProcessId} {key} #{count}")
            .Append(site.InProduct ? " [Cairn's code]" : "")
            .AppendLine()
            .Append("   test: ").AppendLine(TestContext.Current.Test?.TestDisplayName ?? "(none)")
            .Append("   message: ").AppendLine(exception.Message)
            .AppendLine(stack)
            .AppendLine();
        lock (FileLock)
        {
            File.AppendAllText(Path.Combine(Directory, "hardware-exceptions.log"), entry.ToString());
        }
    }

    private static void WriteTally()
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}: first-chance exceptions by type, then hardware-raised ones by throw site")
            .AppendJoin("", AllTypes.OrderByDescending(t => t.Value).Select(t => $"{t.Value,8} {t.Key}{Environment.NewLine}"))
            .AppendLine(CultureInfo.InvariantCulture, $"hardware-raised: {Sites.Values.Sum(s => s.Count)} at {Sites.Count} site(s)")
            .AppendJoin("", Sites.Values.OrderByDescending(s => s.Count).Select(s => $"{s.Count,8} {s.Key}{(s.InProduct ? " [Cairn's code]" : "")}{Environment.NewLine}"));
        try
        {
            File.AppendAllText(Path.Combine(Directory, "first-chance-exceptions.txt"), text.ToString());
        }
        catch (IOException)
        {
            // At exit there is no one left to tell.
        }
    }

    private static bool IsDispatch(MethodBase? method) =>
        method?.DeclaringType is { } type &&
        (type == typeof(HardwareExceptions) || type.Assembly == typeof(object).Assembly &&
            (type == typeof(AppDomain) || type == typeof(AppContext) || type.Namespace is "System.Runtime" or "System.Runtime.ExceptionServices"));

    private static string Describe(StackFrame frame)
    {
        var method = frame.GetMethod();
        var name = method is null ? "?" : $"{method.DeclaringType?.FullName}.{method.Name}";
        return frame.GetFileName() is { } file ? $"{name} in {Path.GetFileName(file)}:{frame.GetFileLineNumber()}" : name;
    }

    // scripts/test's results directory of the pass (it empties them before a run), or the build output's without it.
    private static string ResolveDirectory()
    {
        var pass = Environment.GetEnvironmentVariable("CAIRN_TEST_STORAGE") == "Cosmos" ? "cosmos" : "postgres";
        var directory = Environment.GetEnvironmentVariable("CAIRN_HOME") is { Length: > 0 } home
            ? Path.Combine(home, "test-results", pass)
            : Path.Combine(AppContext.BaseDirectory, "TestResults");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
