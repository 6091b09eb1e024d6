using System.Net;
using System.Text.Json;

namespace Cairn.Jobs;

// The Functions host's side of a timer: it fires POST /{function name} on the custom handler with
// {"Data":{"timer":{…,"IsPastDue":…}},"Metadata":{…}} and expects {"Outputs":{},"Logs":[…],"ReturnValue":null}; any
// non-2xx answer fails the invocation. One exact route per job, so unknown paths still 404.
public static class TimerInvocationEndpoints
{
    // The host protocol is PascalCase, unlike the snake_case of Cairn's own API.
    internal static readonly JsonSerializerOptions HostJson = new(JsonSerializerDefaults.General);

    public static IEndpointRouteBuilder MapTimerInvocations(this IEndpointRouteBuilder app, JobRegistry registry)
    {
        foreach (var job in registry.All)
        {
            app.MapPost($"/{job.Name}", (HttpContext http, JobRunner runner, CancellationToken cancellationToken) =>
                    InvokeAsync(job, http, runner, cancellationToken))
                .ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(JobDefinition job, HttpContext http, JobRunner runner, CancellationToken cancellationToken)
    {
        if (!FromLocalHost(http))
        {
            // Only the host on this machine may fire timers; a relayed outside request sees the same 404 as any unknown path.
            return TypedResults.NotFound();
        }

        bool isPastDue;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            isPastDue = ReadIsPastDue(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (JsonException exception)
        {
            return Respond(StatusCodes.Status400BadRequest, [$"Refused: the invocation body is not valid JSON ({exception.Message})."]);
        }

        var run = await runner.RunAsync(job, JobTrigger.FunctionsHost, isPastDue, cancellationToken);
        return Respond(run.Status == JobRunStatus.Failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK, run.Log);
    }

    // Loopback and not relayed: the catch-all HTTP trigger forwards outside requests with X-Forwarded-* headers, which
    // the forwarded-headers middleware keeps as X-Original-*.
    internal static bool FromLocalHost(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return false;
        }
        return !http.Request.Headers.Keys.Any(name =>
            name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("X-Original-", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase));
    }

    // True when any binding in Data says IsPastDue; the host may send the timer as an object or as a JSON string.
    internal static bool ReadIsPastDue(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }
        using var document = JsonDocument.Parse(body);
        if (Property(document.RootElement, "Data") is not { ValueKind: JsonValueKind.Object } data)
        {
            return false;
        }
        foreach (var binding in data.EnumerateObject())
        {
            if (IsPastDue(binding.Value))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsPastDue(JsonElement timer)
    {
        if (timer.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var inner = JsonDocument.Parse(timer.GetString()!);
                return IsPastDue(inner.RootElement);
            }
            catch (JsonException)
            {
                return false;
            }
        }
        return Property(timer, "IsPastDue") is { ValueKind: JsonValueKind.True };
    }

    // Case-insensitive: the host writes PascalCase, but the timer object's casing has varied across workers.
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static IResult Respond(int status, IReadOnlyList<string> logs) =>
        TypedResults.Json(new InvocationResponse(new Dictionary<string, object?>(), logs, null), HostJson, statusCode: status);

    internal sealed record InvocationResponse(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue);
}
