using Cairn.Pulse;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Cairn.Dashboard;

/// <summary>
/// The web dashboard at <c>/ui/</c>: static ES modules and CSS embedded in the app's own dll (no CDN, no build step),
/// served with a strict Content-Security-Policy. It reads and writes only through the public API.
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/ui";
    private const string ResourcePrefix = "Cairn.Dashboard.ui";

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardEndpoints).Assembly, ResourcePrefix);
        var policy = ContentSecurityPolicy(app.Services.GetRequiredService<IOptions<PulseOptions>>().Value);
        // Not an endpoint: routing ignores a trailing slash, so a route for /ui would also catch /ui/.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == Path && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect($"{Path}/");
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidate every load: the files change with each deployment and carry no version in their names.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    /// <summary>Scripts and styles from this origin only; sockets to this origin, or to the Web PubSub service when it holds them.</summary>
    public static string ContentSecurityPolicy(PulseOptions pulse)
    {
        var connect = "'self'";
        if (pulse.Provider == PulseProvider.AzureWebPubSub && PubSubHost(pulse) is { } host)
        {
            connect += $" wss://{host}";
        }
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src {connect}; " +
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static string? PubSubHost(PulseOptions pulse)
    {
        var endpoint = pulse.Endpoint;
        if (string.IsNullOrEmpty(endpoint) && pulse.ConnectionString is { } connection)
        {
            endpoint = connection.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Endpoint", StringComparison.OrdinalIgnoreCase))
                .Select(p => p[1].Trim()).FirstOrDefault();
        }
        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Authority : null;
    }
}
