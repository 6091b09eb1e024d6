using Cairn.Admin;

namespace Cairn.Jobs;

public static class JobsExtensions
{
    public static IServiceCollection AddCairnJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAdminKey();
        services.AddSingleton<JobRegistry>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService<JobScheduler>();
        return services;
    }

    // Maps POST /{job} for the Functions host and the admin endpoints. With --emit-functions <dir> it instead writes
    // the timer functions for the package and exits before the app starts anything.
    public static WebApplication MapCairnJobs(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<JobRegistry>();
        if (app.Configuration[FunctionManifests.ConfigurationKey] is { Length: > 0 } directory)
        {
            foreach (var path in FunctionManifests.Write(directory, registry.All))
            {
                Console.WriteLine($"Wrote {path}");
            }
            // A packaging command, not a server run: no hosted service (migrations, scheduler) may start.
            Environment.Exit(0);
        }

        app.MapTimerInvocations(registry);
        app.MapJobAdmin();
        return app;
    }
}
