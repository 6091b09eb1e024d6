using NCrontab;

namespace Cairn.Jobs;

// A six-field NCRONTAB schedule, {second} {minute} {hour} {day} {month} {day-of-week}, evaluated in UTC by the NCrontab
// library, the parser the Azure Functions timer trigger itself uses, so both read a schedule alike. This wrapper adds
// what the library leaves to its callers: the field count with a hint for five-field cron, error messages that name the
// expression, refusing schedules that can never fire, and UTC DateTimeOffsets.
public sealed class NCrontabSchedule
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    // Day and weekday both have to match, so the rarest schedule (Feb 29 on a given weekday) recurs within 28 years
    // in most centuries, 40 across a century year; a 400-year Gregorian cycle covers every case.
    private static readonly DateTime HorizonStart = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly DateTime HorizonEnd = HorizonStart.AddYears(400);

    private readonly CrontabSchedule _schedule;

    private NCrontabSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    // The expression as parsed, fields separated by single spaces.
    public string Expression { get; }

    // Parses an expression; throws FormatException with a message that names the faulty field and how to fix it.
    public static NCrontabSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var tokens = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length != 6)
        {
            var hint = tokens.Length == 5 ? " It has five: add the seconds field in front, usually '0 '." : "";
            throw Invalid(expression,
                $"it needs six space-separated fields, {{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}.{hint}");
        }

        var normalized = string.Join(' ', tokens);
        var parsed = CrontabSchedule.TryParse(normalized, WithSeconds, schedule => schedule, error => (CrontabSchedule?)null);
        if (parsed is null)
        {
            var reason = CrontabSchedule.TryParse(normalized, WithSeconds, _ => "", error => error().Message);
            throw Invalid(expression, reason);
        }
        if (parsed.GetNextOccurrence(HorizonStart, HorizonEnd) >= HorizonEnd)
        {
            throw Invalid(expression, "no month it names has any of the days it names, so it would never fire.");
        }
        return new NCrontabSchedule(normalized, parsed);
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

    // The first occurrence strictly after after, in UTC (offset zero).
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after)
    {
        var utc = after.UtcDateTime;
        // NCrontab works in whole seconds: truncate, so an instant within a second never yields that same second.
        var start = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
        var end = DateTime.MaxValue;
        var next = _schedule.GetNextOccurrence(start, end);
        if (next >= end)
        {
            throw new InvalidOperationException($"The schedule '{Expression}' has no occurrence after {after:O}.");
        }
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc), TimeSpan.Zero);
    }

    // The occurrences after after, in order (an endless sequence: take what you need).
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset after)
    {
        for (var next = GetNextOccurrence(after); ; next = GetNextOccurrence(next))
        {
            yield return next;
        }
    }

    public override string ToString() => Expression;

    private static FormatException Invalid(string expression, string reason) =>
        new($"'{expression}' is not a valid NCRONTAB expression: {reason}");
}
