using System.Collections.Concurrent;
using System.Net;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Input;

// A 4xx is the caller's mistake, not the server's: one Information line, no stack trace, nothing at Warning or above.
public sealed class ClientErrorLogTests(AppFixture fixture)
{
    [Fact]
    public async Task TwentyMalformedRequestsLogOneInformationLineEachAndNoStackTrace()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new CairnApp(fixture.Database, services: services => services.AddSingleton<ILoggerProvider>(logs));
        var key = (await app.RegisterAsync()).Key;
        using var client = app.Client(key);

        var before = logs.Entries.Count;
        var statuses = new List<int>();
        foreach (var (path, body) in MalformedRequests())
        {
            using var response = await client.PostRawAsync(path, body);
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses, s => Assert.InRange(s, 400, 499));
        var during = logs.Entries.Skip(before).ToList();
        var errors = during.Where(e => e.Category == "Cairn.Errors").ToList();
        Assert.Equal(20, errors.Count);
        Assert.All(errors, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.DoesNotContain(during, e => e.Exception is not null || e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task ASecretEchoedByAClientErrorIsMaskedInTheLogLine()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new CairnApp(fixture.Database, services: services => services.AddSingleton<ILoggerProvider>(logs));
        var key = (await app.RegisterAsync()).Key;
        using var client = app.Client(key);
        var session = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Log probe", domain = "testing" })).JsonAsync(HttpStatusCode.Created);
        const string token = "ghp_Z1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r9";
        var before = logs.Entries.Count;

        // A token pasted as a field name (the problem names the field) and a key in a route value (the log names the path).
        using var field = await client.PostRawAsync($"/api/v1/sessions/{session["session"].Str("id")}/entries",
            "{\"entry_type\": \"note\", \"content\": {\"text\": \"x\", \"" + token + "\": \"y\"}}");
        using var route = await client.GetAsync($"/api/v1/experiences/{key}/history");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, field.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        var lines = logs.Entries.Skip(before).Where(e => e.Category == "Cairn.Errors").Select(e => e.Message).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.DoesNotContain(token, line));
        Assert.All(lines, line => Assert.DoesNotContain(key, line));
        Assert.Contains("[REDACTED:github_token]", lines[0]);
        Assert.Contains("[REDACTED:agent_api_key]", lines[1]);
    }

    // Twenty bodies a careless or hostile client sends: not JSON, mistyped, out of range, forbidden characters.
    internal static IEnumerable<(string Path, string Body)> MalformedRequests()
    {
        for (var i = 0; i < 4; i++)
        {
            yield return ("/api/v1/sessions", "{\"topic\": ");
            yield return ("/api/v1/sessions", "{\"topic\": 5}");
            yield return ("/api/v1/sessions", "{\"topic\": \"a\\u0000b\"}");
            yield return ("/api/v1/experiences/search", "{\"query\": \"x\", \"limit\": -1}");
            yield return ("/api/v1/engrams", "{\"statement\": \"\\ud800\"}");
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, Exception? Exception, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, Exception?, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, exception, formatter(state, exception)));
        }
    }
}
