using System.Globalization;
using System.Text.RegularExpressions;

namespace Cairn.Engrams.Schema;

// The ISO 8601 forms engrams use: a date (2026-05-16) or a date-time with optional seconds, fraction and offset
// (2026-05-15T18:22Z). A date-time without an offset is read as UTC.
public static partial class IsoDates
{
    public const string Rule = "must be an ISO 8601 date or date-time (e.g. 2026-05-16 or 2026-05-16T12:34:00Z) between 0001-01-01 and 9999-12-31 in UTC.";

    public static bool IsValid(string text) => TryParse(text, out _, out _);

    // Parses a date (midnight UTC, dateOnly true) or a date-time.
    public static bool TryParse(string? text, out DateTimeOffset value, out bool dateOnly)
    {
        value = default;
        dateOnly = false;
        if (text is null)
        {
            return false;
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }
        if (!match.Groups["time"].Success)
        {
            dateOnly = true;
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var ticks = match.Groups["f"].Success ? long.Parse(match.Groups["f"].Value.PadRight(7, '0')[..7], CultureInfo.InvariantCulture) : 0;
        var offset = TimeSpan.Zero;
        if (match.Groups["oh"].Success)
        {
            var sign = match.Groups["sign"].Value == "-" ? -1 : 1;
            var offsetHours = int.Parse(match.Groups["oh"].Value, CultureInfo.InvariantCulture);
            var offsetMinutes = int.Parse(match.Groups["om"].Value, CultureInfo.InvariantCulture);
            if (offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }
            offset = sign * new TimeSpan(offsetHours, offsetMinutes, 0);
        }
        // The local time must also exist in UTC (0001-01-01T00:00+14:00 does not): the stores hold only that range.
        var local = date.ToDateTime(new TimeOnly(hour, minute, second)).Ticks + ticks;
        var utc = local - offset.Ticks;
        if (local > DateTime.MaxValue.Ticks || utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        value = new DateTimeOffset(local, offset);
        return true;
    }

    // The UTC form Cairn writes: 2026-05-16T12:34:56.789Z (fraction only when there is one).
    public static string Format(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    // A fixed-width UTC form whose text order is time order, for stored fields that queries compare.
    public static string Sortable(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?<time>T(?<h>\d{2}):(?<m>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,9}))?)?(?:Z|(?<sign>[+-])(?<oh>\d{2}):(?<om>\d{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
