namespace Cairn.Jobs;

// The jobs registered with AddJob, by name.
public sealed class JobRegistry(IEnumerable<JobDefinition> definitions)
{
    private readonly Dictionary<string, JobDefinition> _byName = definitions.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<JobDefinition> All => _byName.Values;

    public JobDefinition? Find(string name) => _byName.GetValueOrDefault(name);
}

public static class JobServiceCollectionExtensions
{
    // Registers a job under name with a six-field NCRONTAB schedule (UTC).
    public static IServiceCollection AddJob<TJob>(this IServiceCollection services, string name, string schedule)
        where TJob : class, IJob
    {
        var definition = new JobDefinition(name, schedule, typeof(TJob));
        var taken = services.Select(s => s.ImplementationInstance).OfType<JobDefinition>()
            .Any(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        if (taken)
        {
            // Names are function folder names and routes, which the host compares case-insensitively.
            throw new InvalidOperationException($"A job named '{name}' is already registered; job names must be unique ignoring case.");
        }
        services.AddSingleton(definition);
        services.AddScoped<TJob>();
        return services;
    }
}
