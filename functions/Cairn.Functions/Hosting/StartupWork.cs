namespace Cairn.Hosting;

/// <summary>What the framework would do at start-up that Cairn lets wait for first use, so a cold instance is healthy sooner.</summary>
public static class StartupWork
{
    /// <summary>
    /// Drops Data Protection's hosted service, which only loads the key ring before the port opens (~1 s on a loaded
    /// instance, docs/deploy.md): Cairn issues no cookies or protected payloads, and the ring still loads on first use.
    /// Call after every registration, since each AddDataProtection adds the service again.
    /// </summary>
    public static IServiceCollection DeferDataProtectionKeyRing(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.Name == "DataProtectionHostedService")
            {
                services.RemoveAt(i);
            }
        }
        return services;
    }
}
