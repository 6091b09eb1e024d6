using Microsoft.Extensions.Logging.Console;

namespace Cairn.Hosting;

// Console logs people can read: the framework's per-request lines off (Microsoft.AspNetCore at Warning), one line per
// entry with a UTC timestamp, and JSON lines on request (Logging__Console__FormatterName=json). Each is a default:
// configuration (appsettings, environment) still overrides it.
internal static class LoggingDefaults
{
    public static WebApplicationBuilder AddCairnLogging(this WebApplicationBuilder builder)
    {
        // Inserted first, so every other configuration source overrides these values.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // Named, so the formatter's own options apply (without a name the console logger uses its legacy ones).
                ["Logging:Console:FormatterName"] = "simple",
            },
        });
        builder.Services.PostConfigure<SimpleConsoleFormatterOptions>(options =>
        {
            options.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            options.UseUtcTimestamp = true;
            options.SingleLine = true;
        });
        builder.Services.PostConfigure<JsonConsoleFormatterOptions>(options =>
        {
            options.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            options.UseUtcTimestamp = true;
        });
        // Request-start lines carry full URLs, and /pulse/ws?token=… would put API keys in the logs: never below Warning.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }
}
