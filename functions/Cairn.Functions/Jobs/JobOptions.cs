using System.ComponentModel.DataAnnotations;

namespace Cairn.Jobs;

public sealed class JobOptions
{
    public const string Section = "Cairn:Jobs";

    // Run jobs on their schedules in-process. Ignored (off) under the Functions host, whose timers call us instead.
    public bool SchedulerEnabled { get; set; } = true;

    // How long one run may keep starting new batches; well under the 230 s an HTTP call through Azure's front end may
    // last.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromMinutes(2);
}
