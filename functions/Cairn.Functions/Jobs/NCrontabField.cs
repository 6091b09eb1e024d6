using System.Globalization;
using System.Numerics;

namespace Cairn.Jobs;

/// <summary>
/// One field of an NCRONTAB expression as a set of allowed values (a bit per value).
/// The grammar is a strict subset of what the NCrontab library (used by the Functions host) accepts, with the
/// same meaning, so every expression that parses here behaves identically under the host.
/// </summary>
internal readonly struct NCrontabField
{
    private readonly ulong _bits;

    private NCrontabField(ulong bits) => _bits = bits;

    public bool Contains(int value) => value is >= 0 and < 64 && (_bits & (1UL << value)) != 0;

    /// <summary>The smallest allowed value that is at least <paramref name="value"/>, or -1.</summary>
    public int NextAtOrAfter(int value)
    {
        if (value < 0)
        {
            value = 0;
        }
        if (value >= 64)
        {
            return -1;
        }
        var rest = _bits >> value;
        return rest == 0 ? -1 : value + BitOperations.TrailingZeroCount(rest);
    }

    public IEnumerable<int> Values()
    {
        for (var value = NextAtOrAfter(0); value >= 0; value = NextAtOrAfter(value + 1))
        {
            yield return value;
        }
    }

    /// <summary>Parses <c>*</c>, values, names, ranges, steps and comma lists; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static NCrontabField Parse(string text, Kind kind)
    {
        ulong bits = 0;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw kind.Error(text, "has an empty element in its comma-separated list");
            }
            bits |= ParseItem(item, text, kind);
        }
        return new NCrontabField(bits);
    }

    private static ulong ParseItem(string item, string field, Kind kind)
    {
        var range = item;
        var step = 1;
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            range = item[..slash];
            var stepText = item[(slash + 1)..];
            var span = kind.Max - kind.Min + 1;
            if (!TryParseNumber(stepText, out step) || step < 1 || step > span)
            {
                throw kind.Error(field, $"has step '{stepText}'; a step must be a whole number from 1 to {span}");
            }
        }

        int first, last;
        if (range == "*")
        {
            (first, last) = (kind.Min, kind.Max);
        }
        else if ((range.Length > 1 ? range.IndexOf('-', 1) : -1) is var dash and > 0)
        {
            first = ParseValue(range[..dash], field, kind);
            last = ParseValue(range[(dash + 1)..], field, kind);
            if (first > last)
            {
                throw kind.Error(field, $"has the reversed range '{range}'; write the smaller value first");
            }
        }
        else
        {
            first = ParseValue(range, field, kind);
            // NCrontab reads "5/20" as "from 5 to the maximum, every 20".
            last = slash >= 0 ? kind.Max : first;
        }

        ulong bits = 0;
        for (var value = first; value <= last; value += step)
        {
            bits |= 1UL << value;
        }
        return bits;
    }

    private static int ParseValue(string text, string field, Kind kind)
    {
        if (TryParseNumber(text, out var number))
        {
            if (kind.Name == "day-of-week" && number == 7)
            {
                throw kind.Error(field, "uses 7 for Sunday; the Functions host's NCRONTAB accepts 0-6 only, so write 0 or SUN");
            }
            if (number < kind.Min || number > kind.Max)
            {
                throw kind.Error(field, $"has value {text} outside {kind.Min}-{kind.Max}");
            }
            return number;
        }

        if (kind.Names is { } names && text.Length >= 3 && text.All(char.IsAsciiLetter))
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i].StartsWith(text, StringComparison.OrdinalIgnoreCase))
                {
                    return kind.Min + i;
                }
            }
        }

        var hint = kind.Names is null
            ? $"expected a number from {kind.Min} to {kind.Max}"
            : $"expected a number from {kind.Min} to {kind.Max} or an English name of at least three letters ({Abbreviations(kind.Names)})";
        throw kind.Error(field, $"has '{text}', which is not a valid value: {hint}");

        static string Abbreviations(string[] all) => string.Join(", ", all.Select(n => n[..3].ToUpperInvariant()));
    }

    private static bool TryParseNumber(string text, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 2 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>What a field may hold: its position's name, bounds and, for months and weekdays, English names.</summary>
    public sealed record Kind(string Name, int Min, int Max, string[]? Names = null)
    {
        public static readonly Kind Second = new("second", 0, 59);
        public static readonly Kind Minute = new("minute", 0, 59);
        public static readonly Kind Hour = new("hour", 0, 23);
        public static readonly Kind Day = new("day", 1, 31);
        public static readonly Kind Month = new("month", 1, 12,
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]);
        public static readonly Kind DayOfWeek = new("day-of-week", 0, 6,
            ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]);

        public static readonly IReadOnlyList<Kind> InOrder = [Second, Minute, Hour, Day, Month, DayOfWeek];

        public FormatException Error(string field, string problem) => new($"The {Name} field '{field}' {problem}.");
    }
}
