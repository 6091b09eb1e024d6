using System.Globalization;
using Cairn.Jobs;

namespace Cairn.Tests.Jobs;

[Trait("Storage", "None")]
public class NCrontabScheduleTests
{
    // Expression, "from" (exclusive), and the next occurrences it must produce, all UTC.
    public static TheoryData<string, string, string[]> Occurrences => new()
    {
        // Every N seconds / minutes / hours.
        { "*/10 * * * * *", "2026-01-05T12:00:00", ["12:00:10", "12:00:20", "12:00:30", "12:00:40", "12:00:50", "12:01:00", "12:01:10"] },
        { "*/10 * * * * *", "2026-01-05T12:00:05.500", ["12:00:10", "12:00:20"] },
        { "*/10 * * * * *", "2026-01-05T12:00:09.999", ["12:00:10", "12:00:20"] },
        { "* * * * * *", "2026-01-05T12:00:00.250", ["12:00:01", "12:00:02", "12:00:03"] },
        { "0 */5 * * * *", "2026-01-05T12:03:00", ["12:05:00", "12:10:00", "12:15:00"] },
        { "0 */5 * * * *", "2026-01-05T12:55:00", ["13:00:00", "13:05:00"] },
        { "0 0 */2 * * *", "2026-01-05T21:00:00", ["22:00:00", "2026-01-06T00:00:00", "2026-01-06T02:00:00"] },
        { "0 0 * * * *", "2026-01-05T23:59:59", ["2026-01-06T00:00:00", "2026-01-06T01:00:00"] },
        // Ranges, steps within ranges, start/step, lists.
        { "10-40/10 * * * * *", "2026-01-05T12:00:00", ["12:00:10", "12:00:20", "12:00:30", "12:00:40", "12:01:10"] },
        { "5/20 * * * * *", "2026-01-05T12:00:00", ["12:00:05", "12:00:25", "12:00:45", "12:01:05"] },
        { "5-7 * * * * *", "2026-01-05T12:00:00", ["12:00:05", "12:00:06", "12:00:07", "12:01:05"] },
        { "5,8,10 * * * * *", "2026-01-05T12:00:08", ["12:00:10", "12:01:05", "12:01:08"] },
        { "0 0 9-17 * * *", "2026-01-05T16:30:00", ["17:00:00", "2026-01-06T09:00:00"] },
        { "0 0 6,18 * * *", "2026-01-05T12:00:00", ["18:00:00", "2026-01-06T06:00:00", "2026-01-06T18:00:00"] },
        { "30 15 10 * * *", "2026-01-05T10:15:30", ["2026-01-06T10:15:30"] },
        // Day of week: 2026-01-09 is a Friday.
        { "0 30 9 * * MON-FRI", "2026-01-09T10:00:00", ["2026-01-12T09:30:00", "2026-01-13T09:30:00", "2026-01-14T09:30:00", "2026-01-15T09:30:00", "2026-01-16T09:30:00", "2026-01-19T09:30:00"] },
        { "0 30 9 * * 1-5", "2026-01-09T09:00:00", ["2026-01-09T09:30:00", "2026-01-12T09:30:00"] },
        { "0 0 12 * * SAT,SUN", "2026-01-05T12:00:00", ["2026-01-10T12:00:00", "2026-01-11T12:00:00", "2026-01-17T12:00:00"] },
        { "0 0 12 * * 0", "2026-01-05T12:00:00", ["2026-01-11T12:00:00", "2026-01-18T12:00:00"] },
        { "0 0 0 * * sunday", "2026-01-05T00:00:00", ["2026-01-11T00:00:00"] },
        { "0 30 9 * Jan Mon", "2026-01-20T00:00:00", ["2026-01-26T09:30:00", "2027-01-04T09:30:00", "2027-01-11T09:30:00"] },
        // Day and day-of-week must both match: every Friday the 13th.
        { "0 0 0 13 * FRI", "2026-01-01T00:00:00", ["2026-02-13T00:00:00", "2026-03-13T00:00:00", "2026-11-13T00:00:00", "2027-08-13T00:00:00"] },
        // Month ends: the 31st fires only in months that have one; the 30th skips February.
        { "0 0 0 31 * *", "2026-01-01T00:00:00", ["2026-01-31T00:00:00", "2026-03-31T00:00:00", "2026-05-31T00:00:00", "2026-07-31T00:00:00", "2026-08-31T00:00:00", "2026-10-31T00:00:00", "2026-12-31T00:00:00", "2027-01-31T00:00:00"] },
        { "0 0 0 30 * *", "2026-01-30T00:00:00", ["2026-03-30T00:00:00", "2026-04-30T00:00:00"] },
        { "0 0 0 28-31 2 *", "2027-01-01T00:00:00", ["2027-02-28T00:00:00", "2028-02-28T00:00:00", "2028-02-29T00:00:00", "2029-02-28T00:00:00"] },
        { "0 0 0 1 * *", "2026-01-31T23:59:59", ["2026-02-01T00:00:00", "2026-03-01T00:00:00"] },
        // Leap years: Feb 29 fires every fourth year, and 2100 is not a leap year.
        { "0 0 0 29 FEB *", "2026-01-01T00:00:00", ["2028-02-29T00:00:00", "2032-02-29T00:00:00", "2036-02-29T00:00:00"] },
        { "0 0 0 29 2 *", "2096-03-01T00:00:00", ["2104-02-29T00:00:00"] },
        { "0 0 0 29 2 MON", "2026-01-01T00:00:00", ["2044-02-29T00:00:00", "2072-02-29T00:00:00"] },
        // Year rollover.
        { "59 59 23 31 12 *", "2026-12-31T23:59:59", ["2027-12-31T23:59:59"] },
        { "0 0 0 1 1 *", "2026-12-31T23:59:59.900", ["2027-01-01T00:00:00", "2028-01-01T00:00:00"] },
        { "*/15 * * * * *", "2026-12-31T23:59:50", ["2027-01-01T00:00:00", "2027-01-01T00:00:15"] },
        // Month names and ranges of them.
        { "0 0 0 1 jan,JUL *", "2026-01-01T00:00:00", ["2026-07-01T00:00:00", "2027-01-01T00:00:00"] },
        { "0 0 0 1 OCTOBER-DEC *", "2026-01-01T00:00:00", ["2026-10-01T00:00:00", "2026-11-01T00:00:00", "2026-12-01T00:00:00", "2027-10-01T00:00:00"] },
        { "0 0 0 1 */3 *", "2026-02-01T00:00:00", ["2026-04-01T00:00:00", "2026-07-01T00:00:00", "2026-10-01T00:00:00", "2027-01-01T00:00:00"] },
    };

    [Theory]
    [MemberData(nameof(Occurrences))]
    public void NextOccurrencesFollowTheExpression(string expression, string from, string[] expected)
    {
        var schedule = NCrontabSchedule.Parse(expression);
        var start = Utc(from);

        var actual = schedule.GetOccurrences(start).Take(expected.Length).ToArray();

        Assert.Equal(expected.Select(e => Expected(e, start)), actual);
        Assert.All(actual, occurrence => Assert.Equal(TimeSpan.Zero, occurrence.Offset));
    }

    [Fact]
    public void AnOccurrenceIsStrictlyAfterTheGivenTime()
    {
        var schedule = NCrontabSchedule.Parse("0 0 12 * * *");

        Assert.Equal(Utc("2026-01-06T12:00:00"), schedule.GetNextOccurrence(Utc("2026-01-05T12:00:00")));
        Assert.Equal(Utc("2026-01-05T12:00:00"), schedule.GetNextOccurrence(Utc("2026-01-05T11:59:59.999")));
    }

    [Fact]
    public void TimesWithAnOffsetAreReadAsTheSameInstantAndAnsweredInUtc()
    {
        var schedule = NCrontabSchedule.Parse("0 0 12 * * *");

        var next = schedule.GetNextOccurrence(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Theory]
    [InlineData("0 30 9 * * MON-FRI", "0 30 9 * * 1-5")]
    [InlineData("0 0 0 1 JAN-MAR *", "0 0 0 1 1-3 *")]
    [InlineData("0 0 0 * * Mon,wed,FRIDAY", "0 0 0 * * 1,3,5")]
    [InlineData("*/15 * * * * *", "0,15,30,45 * * * * *")]
    [InlineData("0-59/20 * * * * *", "0,20,40 * * * * *")]
    public void NamesAndStepsMeanTheSameAsTheirNumericSpelling(string spelled, string numeric)
    {
        var from = Utc("2026-01-01T00:00:00");
        Assert.Equal(
            NCrontabSchedule.Parse(numeric).GetOccurrences(from).Take(50),
            NCrontabSchedule.Parse(spelled).GetOccurrences(from).Take(50));
    }

    [Fact]
    public void TheExpressionIsKeptWithSingleSpaces()
    {
        Assert.Equal("0 */5 * * * *", NCrontabSchedule.Parse("  0  */5 * *   * * ").Expression);
    }

    // The messages after our prefix are NCrontab's, the parser the Functions host reads function.json schedules with.
    [Theory]
    [InlineData("", "six space-separated fields")]
    [InlineData("* * * * *", "It has five: add the seconds field")]
    [InlineData("0 0 0 * * * 2026", "six space-separated fields")]
    [InlineData("60 * * * * *", "60 is higher than the maximum allowable value for the [Second] field")]
    [InlineData("* 60 * * * *", "[Minute] field. Value must be between 0 and 59")]
    [InlineData("* * 24 * * *", "[Hour] field. Value must be between 0 and 23")]
    [InlineData("* * * 0 * *", "0 is lower than the minimum allowable value for the [Day] field")]
    [InlineData("* * * 32 * *", "[Day] field. Value must be between 1 and 31")]
    [InlineData("* * * * 0 *", "[Month] field. Value must be between 1 and 12")]
    [InlineData("* * * * 13 *", "13 is higher than the maximum allowable value for the [Month] field")]
    [InlineData("* * * * * 7", "7 is higher than the maximum allowable value for the [DayOfWeek] field")]
    [InlineData("* * * * * 1-7", "[DayOfWeek] field. Value must be between 0 and 6")]
    [InlineData("*/x * * * * *", "'*/x' is not a valid [Second] crontab field expression")]
    [InlineData("1/2/3 * * * * *", "'1/2/3' is not a valid [Second]")]
    [InlineData("FRI-MON * * * * *", "'FRI-MON' is not a valid [Second]")]
    [InlineData("1,,2 * * * * *", "cannot be empty")]
    [InlineData(",1 * * * * *", "',1' is not a valid")]
    [InlineData("-1 * * * * *", "'-1' is not a valid")]
    [InlineData("1-2-3 * * * * *", "'1-2-3' is not a valid")]
    [InlineData("/5 * * * * *", "'/5' is not a valid")]
    [InlineData("a * * * * *", "'a' is not a valid [Second]")]
    [InlineData("* * * * FOO *", "'FOO' is not a valid [Month]")]
    [InlineData("* * * * * MONX", "'MONX' is not a valid [DayOfWeek]")]
    [InlineData("? * * * * *", "'?' is not a valid")]
    [InlineData("* * * L * *", "'L' is not a valid [Day]")]
    [InlineData("* * * * * 5#3", "'5#3' is not a valid [DayOfWeek]")]
    [InlineData("+5 * * * * *", "'+5' is not a valid")]
    [InlineData("0 0 0 30 FEB *", "never fire")]
    [InlineData("0 0 0 31 APR,JUN,SEP,NOV *", "never fire")]
    public void InvalidExpressionsAreRejectedWithAMessageThatNamesTheProblem(string expression, string message)
    {
        var error = Assert.Throws<FormatException>(() => NCrontabSchedule.Parse(expression));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{expression}' is not a valid NCRONTAB expression", error.Message, StringComparison.Ordinal);
        Assert.False(NCrontabSchedule.TryParse(expression, out var schedule, out var reason));
        Assert.Null(schedule);
        Assert.Equal(error.Message, reason);
    }

    // Spellings a stricter parser would refuse but the Functions host accepts: Cairn must read them the same way.
    [Theory]
    [InlineData("005 * * * * *", "2026-01-05T12:00:00", new[] { "12:00:05", "12:01:05" })]
    [InlineData("*/61 * * * * *", "2026-01-05T12:00:00", new[] { "12:01:00", "12:02:00" })]
    [InlineData("0 0 12 * * MO", "2026-01-05T12:00:00", new[] { "2026-01-12T12:00:00" })]
    [InlineData("40-10 * * * * *", "2026-01-05T12:00:39", new[] { "12:00:40", "12:01:10" })]
    public void SpellingsTheFunctionsHostAcceptsAreReadAsItReadsThem(string expression, string from, string[] expected)
    {
        var start = Utc(from);

        var actual = NCrontabSchedule.Parse(expression).GetOccurrences(start).Take(expected.Length);

        Assert.Equal(expected.Select(e => Expected(e, start)), actual);
    }

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // "12:00:10" means that time on the start's day; anything with a date is absolute.
    private static DateTimeOffset Expected(string text, DateTimeOffset start) =>
        text.Contains('T', StringComparison.Ordinal) ? Utc(text) : Utc($"{start:yyyy-MM-dd}T{text}");
}
