using System.Text.RegularExpressions;

namespace Cairn.Jobs;

// One job: its name (also its Functions function name and route), its schedule and its handler type.
public sealed partial class JobDefinition
{
    public JobDefinition(string name, string schedule, Type handler)
    {
        if (!ValidName().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid job name: it becomes a Functions function name, so use a letter followed by up to 127 letters, digits, '-' or '_'.",
                nameof(name));
        }
        Name = name;
        Schedule = NCrontabSchedule.Parse(schedule);
        Handler = handler;
    }

    public string Name { get; }

    public NCrontabSchedule Schedule { get; }

    public Type Handler { get; }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex ValidName();
}
