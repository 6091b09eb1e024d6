using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Cairn.Benchmarks;

// CPU time spent by this process and by the PostgreSQL backends serving one database (Linux /proc; 0 elsewhere): on a
// shared machine, latency depends on everyone's load, the CPU a recall costs does not.
internal sealed class CpuMeter(NpgsqlDataSource dataSource, string database)
{
    private const double MillisecondsPerTick = 10; // USER_HZ is 100 on Linux

    public sealed record Reading(double App, IReadOnlyDictionary<int, double> Backends);

    public async Task<Reading> ReadAsync()
    {
        var app = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        var backends = new Dictionary<int, double>();
        await using var command = dataSource.CreateCommand("select pid from pg_stat_activity where datname = @database");
        command.Parameters.AddWithValue("database", database);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                backends[reader.GetInt32(0)] = Ticks(reader.GetInt32(0)) * MillisecondsPerTick;
            }
        }
        return new Reading(app, backends);
    }

    // CPU milliseconds between two readings: the app's, and the database's (backends that started in between count
    // whole).
    public static (double App, double Database) Between(Reading start, Reading end) =>
        (end.App - start.App, end.Backends.Sum(b => b.Value - start.Backends.GetValueOrDefault(b.Key)));

    private static long Ticks(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
