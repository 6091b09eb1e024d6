[assembly: AssemblyFixture(typeof(Cairn.Tests.Support.HardwareExceptionGuard))]

namespace Cairn.Tests.Support;

// Fails the run, after its last test, when the app's own code raised a NullReferenceException (or another hardware
// exception) anywhere in it, caught or not: each is a null that reached a dereference, and on a machine with Intel AMX a
// potential process crash. Sites inside libraries and tests are only logged (HardwareExceptions). docs/testing.md.
public sealed class HardwareExceptionGuard : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        var product = HardwareExceptions.Seen.Where(s => s.InProduct).ToList();
        if (product.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"Cairn's code raised {product.Sum(s => s.Count)} hardware exception(s) during the run, at {product.Count} site(s); " +
                $"each is a bug (stacks in {Path.Combine(HardwareExceptions.Directory, "hardware-exceptions.log")}):{Environment.NewLine}" +
                string.Join(Environment.NewLine, product.Select(s => $"{s.Count} × {s.Key}{Environment.NewLine}{s.Stack}")));
        }
        return ValueTask.CompletedTask;
    }
}
