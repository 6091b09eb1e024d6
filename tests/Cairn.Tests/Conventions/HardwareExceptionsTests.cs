using System.Reflection;
using Cairn.Tests.Support;

namespace Cairn.Tests.Conventions;

// The observer behind HardwareExceptionGuard: it must see a null reference that is thrown and caught out of sight, and
// blame Cairn only for throws in the app's own code.
[Trait("Storage", "None")]
public sealed class HardwareExceptionsTests
{
    [Fact]
    public async Task ANullReferenceCaughtOnAPoolThreadIsRecordedWithItsThrowingMethod()
    {
        // Thrown, not a real null dereference: the observer sees both alike, and a CPU fault is what the guard exists to avoid.
        await Task.Run(ThrowAndCatch, TestContext.Current.CancellationToken);

        var site = Assert.Single(HardwareExceptions.Seen, s => s.Key.Contains($"{nameof(HardwareExceptionsTests)}.{nameof(ThrowAndCatch)}", StringComparison.Ordinal));
        Assert.StartsWith("NullReferenceException at ", site.Key, StringComparison.Ordinal);
        Assert.False(site.InProduct);
        Assert.True(site.Count >= 1);
        Assert.Contains(nameof(ThrowAndCatch), File.ReadAllText(Path.Combine(HardwareExceptions.Directory, "hardware-exceptions.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyAThrowInTheAppsOwnCodeIsCairns()
    {
        Assert.True(HardwareExceptions.IsProduct(typeof(Cairn.Errors.ApiProblem).GetConstructors()[0]));
        Assert.False(HardwareExceptions.IsProduct(MethodBase.GetCurrentMethod()));
        Assert.False(HardwareExceptions.IsProduct(typeof(string).GetMethod(nameof(string.Trim), Type.EmptyTypes)));
        Assert.False(HardwareExceptions.IsProduct(null));
    }

    private static void ThrowAndCatch()
    {
        try
        {
            throw new NullReferenceException("deliberate: the observer's own test");
        }
        catch (NullReferenceException)
        {
        }
    }
}
