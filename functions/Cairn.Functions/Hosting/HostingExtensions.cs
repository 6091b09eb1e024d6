using System.Text.Json;
using Cairn.Serialization;
using Cairn.Errors;
using Microsoft.AspNetCore.HttpOverrides;

namespace Cairn.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddCairnHosting(this WebApplicationBuilder builder)
    {
        // Behind the Functions host we must listen where it tells us; otherwise --urls / ASPNETCORE_URLS apply.
        var handlerPort = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (int.TryParse(handlerPort, out var port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
            kestrel.ConfigureEndpointDefaults(listen => listen.UseProblemBodies());
        });

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The Functions host connects from loopback (trusted by default) and the client's address is the last entry
            // of X-Forwarded-For (ForwardLimit 1). Host and scheme are not taken from the request: a client's own
            // X-Forwarded-Host would arrive through the host unchanged; absolute URLs come from PublicAddress.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
        });
        builder.Services.AddPublicAddress();

        builder.AddCairnLogging();

        builder.Services.ConfigureHttpJsonOptions(options => Errors.StrictRequests.Configure(CairnJson.Configure(options.SerializerOptions)));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StartupReport>();
        return builder;
    }

    public static WebApplication UseCairnHosting(this WebApplication app)
    {
        app.UseProtocolErrorCounting();
        app.UseForwardedHeaders();
        return app;
    }
}
