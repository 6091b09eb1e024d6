using Azure.Core;
using Azure.Identity;
using Cairn.Events.EventGrid;
using Cairn.Events.Inbound;
using Cairn.Events.Webhooks;
using Cairn.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cairn.Events;

public static class EventsExtensions
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EventGridOptions>().BindConfiguration(EventGridOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CloudEventEncoder>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<EventGridPublisher>();
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        // Null unless an endpoint is configured: EventPublisher queues nothing for Event Grid then.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EventGridOptions>>().Value is { Enabled: true } grid
            ? EventGridPublisher.CreateClient(grid, sp.GetRequiredService<TokenCredential>())
            : null!);
        services.AddSingleton<InboundEvents>();
        services.AddSingleton<InboundEventLedger>();
        services.AddSingleton<InboundData>();
        services.AddHostedService<WebhookDispatchService>();
        // Every 30 s, so a retry due while no instance runs waits at most that long (the in-app loop covers running instances).
        services.AddJob<WebhookDispatchJob>("webhook-dispatch", "*/30 * * * * *");
        return services;
    }

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapWebhooks();
        api.MapInboundEvents();
        return api;
    }
}
