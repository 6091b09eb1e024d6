using System.Reflection;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Routing;
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

    // The request delegate generator (EnableRequestDelegateGenerator) writes every endpoint's binding at compile time;
    // an endpoint it cannot handle falls back, silently, to compiling an expression tree before the port opens.
    [Fact]
    public void EveryEndpointWithAHandlerHasARequestDelegateGeneratedAtCompileTime()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null).ToList();

        var built = endpoints.Where(e => e.RequestDelegate?.Method.DeclaringType?.FullName?.StartsWith("Microsoft.AspNetCore.Http.Generated.", StringComparison.Ordinal) != true)
            .Select(e => e.DisplayName).ToList();
        Assert.True(endpoints.Count > 80, $"only {endpoints.Count} endpoints with handlers found");
        Assert.True(built.Count == 0, $"built at run time: {string.Join(", ", built)}");
    }
}
