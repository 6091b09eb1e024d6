namespace Cairn.Jobs;

/// <summary>
/// A six-field NCRONTAB schedule, <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, evaluated in UTC
/// exactly as the Azure Functions timer trigger evaluates it (NCrontab semantics):
/// <list type="bullet">
/// <item>each field takes <c>*</c>, a value, a range <c>a-b</c>, a step <c>*/n</c>, <c>a-b/n</c> or <c>a/n</c> (a to the maximum), and comma lists of these;</item>
/// <item>months and weekdays also take English names or prefixes of at least three letters (<c>JAN</c>, <c>Monday</c>), case-insensitive;</item>
/// <item>day-of-week is 0-6 with 0 = Sunday (7 is rejected: the host would reject it too);</item>
/// <item>day and day-of-week must <em>both</em> match (unlike Vixie cron, where either may): <c>0 0 0 13 * FRI</c> is every Friday the 13th;</item>
/// <item>a day that a month lacks is skipped in that month: <c>0 0 0 31 * *</c> fires only in months with 31 days.</item>
/// </list>
/// Written here because neither Cronos nor NCrontab is reachable from this build's package registry.
/// </summary>
public sealed class NCrontabSchedule
{
    private readonly NCrontabField _seconds;
    private readonly NCrontabField _minutes;
    private readonly NCrontabField _hours;
    private readonly NCrontabField _days;
    private readonly NCrontabField _months;
    private readonly NCrontabField _daysOfWeek;

    private NCrontabSchedule(string expression, NCrontabField[] fields)
    {
        Expression = expression;
        (_seconds, _minutes, _hours, _days, _months, _daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    /// <summary>The expression as parsed, fields separated by single spaces.</summary>
    public string Expression { get; }

    /// <summary>Parses an expression; throws <see cref="FormatException"/> with a message that names the faulty field and how to fix it.</summary>
    public static NCrontabSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var tokens = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length != 6)
        {
            var hint = tokens.Length == 5 ? " It has five: add the seconds field in front, usually '0 '." : "";
            throw new FormatException(
                $"'{expression}' is not a valid NCRONTAB expression: it needs six space-separated fields, " +
                $"{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}.{hint}");
        }

        var fields = new NCrontabField[6];
        for (var i = 0; i < 6; i++)
        {
            try
            {
                fields[i] = NCrontabField.Parse(tokens[i], NCrontabField.Kind.InOrder[i]);
            }
            catch (FormatException problem)
            {
                throw new FormatException($"'{expression}' is not a valid NCRONTAB expression: {problem.Message}", problem);
            }
        }

        var schedule = new NCrontabSchedule(string.Join(' ', tokens), fields);
        if (!schedule.HasAnyDate())
        {
            throw new FormatException($"'{expression}' is not a valid NCRONTAB expression: no month it names has any of the days it names, so it would never fire.");
        }
        return schedule;
    }

    public static bool TryParse(string expression, out NCrontabSchedule? schedule, out string? error)
    {
        try
        {
            schedule = Parse(expression);
            error = null;
            return true;
        }
        catch (FormatException problem)
        {
            schedule = null;
            error = problem.Message;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC (offset zero).</summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after)
    {
        var utc = after.UtcDateTime;
        var t = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1);
        // Every valid schedule fires within a few decades (Feb 29 on a given weekday recurs within 40 years).
        while (t.Year < 9999)
        {
            if (!_months.Contains(t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!_days.Contains(t.Day) || !_daysOfWeek.Contains((int)t.DayOfWeek))
            {
                t = t.Date.AddDays(1);
            }
            else if (!_hours.Contains(t.Hour))
            {
                var hour = _hours.NextAtOrAfter(t.Hour);
                t = hour < 0 ? t.Date.AddDays(1) : t.Date.AddHours(hour);
            }
            else if (!_minutes.Contains(t.Minute))
            {
                var minute = _minutes.NextAtOrAfter(t.Minute);
                var hourStart = t.Date.AddHours(t.Hour);
                t = minute < 0 ? hourStart.AddHours(1) : hourStart.AddMinutes(minute);
            }
            else if (!_seconds.Contains(t.Second))
            {
                var second = _seconds.NextAtOrAfter(t.Second);
                var minuteStart = t.Date.AddHours(t.Hour).AddMinutes(t.Minute);
                t = second < 0 ? minuteStart.AddMinutes(1) : minuteStart.AddSeconds(second);
            }
            else
            {
                return new DateTimeOffset(t, TimeSpan.Zero);
            }
        }
        throw new InvalidOperationException($"The schedule '{Expression}' has no occurrence after {after:O} before the year 9999.");
    }

    /// <summary>The occurrences after <paramref name="after"/>, in order (an endless sequence: take what you need).</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset after)
    {
        for (var next = GetNextOccurrence(after); ; next = GetNextOccurrence(next))
        {
            yield return next;
        }
    }

    public override string ToString() => Expression;

    // February counts 29 days: a schedule for Feb 29 is valid, it fires in leap years.
    private bool HasAnyDate() =>
        _months.Values().Any(month => _days.Values().Any(day => day <= DateTime.DaysInMonth(2000, month)));
}
