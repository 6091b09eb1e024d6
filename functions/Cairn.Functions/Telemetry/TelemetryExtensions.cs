using Azure.Monitor.OpenTelemetry.AspNetCore;
using Cairn.Search;
using Microsoft.Extensions.AI;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cairn.Telemetry;

// OpenTelemetry traces, metrics and logs. Spans and W3C trace context are always on (so an incoming traceparent is
// honoured and problem details carry its trace id); exporting happens only when a destination is configured: OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set, Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
public static class TelemetryExtensions
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    // The Azure SDKs (Cosmos among them) publish their ActivitySources only behind this switch.
    private const string AzureActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";
    private const string CosmosSource = "Azure.Cosmos.Operation";

    // Call after every other registration: it decorates the search index and the embedding generator.
    public static WebApplicationBuilder AddCairnTelemetry(this WebApplicationBuilder builder)
    {
        AppContext.SetSwitch(AzureActivitySourceSwitch, true);
        var services = builder.Services;
        services.AddSingleton<CairnTelemetry>();
        services.Decorate<ISearchIndex>((inner, sp) => new MeteredSearchIndex(inner, sp.GetRequiredService<CairnTelemetry>()));
        services.Decorate<IEmbeddingGenerator<string, Embedding<float>>>((inner, sp) => new MeteredEmbeddingGenerator(inner, sp.GetRequiredService<CairnTelemetry>()));

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cairn", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(CairnTelemetry.Name, Search.Postgres.SearchActivities.Name, CosmosSource)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/api/v1/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(CairnTelemetry.Name, "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: options => options.IncludeFormattedMessage = true);

        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }
        if (!string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]))
        {
            telemetry.UseAzureMonitor(options =>
            {
                options.ConnectionString = configuration[AzureMonitorSetting];
                // infra/ turns local auth off on Application Insights: ingestion then takes the app's Entra identity.
                if (configuration[AzureMonitorAuthenticationSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
                {
                    options.Credential = new Azure.Identity.DefaultAzureCredential();
                }
            });
        }
        return builder;
    }

    // Wraps the registered TService (the last registration wins, as in resolution).
    private static void Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var index = services.Count - 1;
        while (index >= 0 && services[index].ServiceType != typeof(TService))
        {
            index--;
        }
        if (index < 0)
        {
            return;
        }
        var original = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(TService), sp => decorate(Resolve<TService>(original, sp), sp), original.Lifetime);
    }

    private static TService Resolve<TService>(ServiceDescriptor descriptor, IServiceProvider services) where TService : class =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
