using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;

namespace Cairn.Hosting;

public sealed class PublicAddressOptions
{
    public const string Section = "Cairn:Hosting";

    // App Service sets it on every function app (the default *.azurewebsites.net name); Core Tools sets localhost:7071.
    public const string PlatformHostNameSetting = "WEBSITE_HOSTNAME";

    /// <summary>The URL clients reach this deployment at (https://cairn.example.com, or with a path behind a gateway).</summary>
    public string PublicBaseUrl { get; set; } = "";
}

// The base of every absolute URL the app writes (skill files, pulse negotiate, the OpenAPI servers, MCP's same-origin
// check). Never X-Forwarded-Host: behind the Functions host every request comes from loopback, so a client's own
// X-Forwarded-Host would pass for the host's. The configured URL, else the platform's host name, else (a direct local
// run, no proxy) the scheme and Host the caller connected with, which only that caller sees.
public sealed class PublicAddress(IOptions<PublicAddressOptions> options, IConfiguration configuration)
{
    /// <summary>The configured or platform base URL without a trailing slash; null on a direct local run.</summary>
    public string? Configured { get; } = Resolve(options.Value.PublicBaseUrl, configuration[PublicAddressOptions.PlatformHostNameSetting]);

    public string BaseUrl(HttpRequest request) => Configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');

    /// <summary>The authority (host[:port]) a browser puts in Origin for this deployment.</summary>
    public string Authority(HttpRequest request) => Configured is null ? request.Host.Value ?? "" : new Uri(Configured).Authority;

    internal static string? Resolve(string? publicBaseUrl, string? platformHostName)
    {
        if (!string.IsNullOrWhiteSpace(publicBaseUrl))
        {
            return publicBaseUrl.Trim().TrimEnd('/');
        }
        if (string.IsNullOrWhiteSpace(platformHostName))
        {
            return null;
        }
        var host = platformHostName.Trim();
        var local = host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.0.0.1", StringComparison.Ordinal);
        return $"{(local ? "http" : "https")}://{host}";
    }
}

// Checked at start-up: a base URL that is not a plain http(s) URL, or a platform host name that is not host[:port].
internal sealed class PublicAddressOptionsValidator(IConfiguration configuration) : IValidateOptions<PublicAddressOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicAddressOptions options)
    {
        var failures = new List<string>();
        var url = options.PublicBaseUrl.Trim();
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0))
        {
            failures.Add($"{PublicAddressOptions.Section}:PublicBaseUrl must be an absolute http(s) URL without query, fragment or user info (e.g. https://cairn.example.com), not '{url}'.");
        }
        var host = configuration[PublicAddressOptions.PlatformHostNameSetting]?.Trim();
        if (!string.IsNullOrEmpty(host) && !IsHostAndPort(host))
        {
            failures.Add($"{PublicAddressOptions.PlatformHostNameSetting} must be a host name with an optional port, not '{host}'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHostAndPort(string value) =>
        Uri.TryCreate($"https://{value}", UriKind.Absolute, out var uri) && uri.PathAndQuery == "/" && uri.UserInfo.Length == 0
        && uri.Fragment.Length == 0 && string.Equals(uri.Authority, value, StringComparison.OrdinalIgnoreCase);
}

public static class PublicAddressRegistration
{
    public static IServiceCollection AddPublicAddress(this IServiceCollection services)
    {
        services.AddOptions<PublicAddressOptions>().BindConfiguration(PublicAddressOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublicAddressOptions>, PublicAddressOptionsValidator>();
        services.AddSingleton<PublicAddress>();
        services.ConfigureAll<OpenApiOptions>(options => options.AddDocumentTransformer((document, context, _) =>
        {
            // The document's server is the public address too, not whatever Host the request named.
            if (context.ApplicationServices.GetRequiredService<PublicAddress>().Configured is { } address)
            {
                document.Servers = [new Microsoft.OpenApi.OpenApiServer { Url = address + "/" }];
            }
            return Task.CompletedTask;
        }));
        return services;
    }
}
