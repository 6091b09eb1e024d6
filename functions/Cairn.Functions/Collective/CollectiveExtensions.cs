using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Jobs;

namespace Cairn.Collective;

public static class CollectiveExtensions
{
    // Sessions, experiences, their index and events; needs AddInbox and AddPulse (events reach inboxes and groups).
    public static IServiceCollection AddCollective(this IServiceCollection services)
    {
        services.AddSingleton<ExperienceService>();
        services.AddSingleton<QualityHistory>();
        services.AddSingleton<CollectiveFigures>();
        services.AddSingleton<ExperienceEditor>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SessionShortIds>();
        services.AddSingleton<SessionDeletion>();
        services.AddSingleton<CollectiveIndex>();
        services.AddSingleton<ExperienceCounters>();
        services.AddSingleton<CollectiveEvents>();
        services.AddSingleton<Events.Inbound.IInboundEventHandler, OutcomeEventHandler>();
        services.AddJob<CounterReconcilerJob>(CounterReconcilerJob.Name, "0 */5 * * * *");
        return services;
    }
}
