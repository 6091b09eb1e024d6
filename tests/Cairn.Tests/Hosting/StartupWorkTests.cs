using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cairn.Tests.Hosting;

public sealed class StartupWorkTests(AppFixture fixture)
{
    [Fact]
    public void TheAppLoadsNoDataProtectionKeyRingBeforeItsPortOpens()
    {
        var hosted = fixture.App.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        Assert.DoesNotContain("DataProtectionHostedService", hosted);
        Assert.Contains("SearchInitializer", hosted);
    }
}
