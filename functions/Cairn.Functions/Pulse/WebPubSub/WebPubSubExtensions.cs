using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse.WebPubSub;

public static class WebPubSubExtensions
{
    // Timeout of one attempt; retries come on top, bounded by the REST client.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    // Registers the adapter; nothing is built (or any credential touched) unless the provider selects it.
    public static IServiceCollection AddWebPubSub(this IServiceCollection services)
    {
        // A long-lived client whose pooled connections are recycled, so DNS changes are still picked up.
        services.AddKeyedSingleton(WebPubSubRestClient.HttpClientName, (_, _) =>
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = AttemptTimeout });
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PulseOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            var (endpoint, credential) = WebPubSubConnectionString.TryParse(options.ConnectionString ?? "", out var parsed, out _)
                ? (parsed.Endpoint, WebPubSubCredential.FromAccessKey(parsed.AccessKey, clock))
                : (new Uri(options.Endpoint!), WebPubSubCredential.FromIdentity(sp.GetRequiredService<TokenCredential>(), clock));
            return new WebPubSubRestClient(sp.GetRequiredKeyedService<HttpClient>(WebPubSubRestClient.HttpClientName), credential, endpoint,
                options.Hub, clock, sp.GetRequiredService<ILogger<WebPubSubRestClient>>());
        });
        services.AddSingleton<WebPubSubPublisher>();
        services.AddSingleton<WebPubSubNegotiator>();
        return services;
    }
}
